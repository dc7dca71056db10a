/**
 * Faults a test can ask for. Where each acts:
 * - `500`, `429`, `timeout`: before executing (nothing changes, nothing is saved under the key);
 *   `timeout` holds the socket without answering for `holdMs`, then destroys it.
 * - `delay`: the request claims its idempotency key, then executes after `delayMs`, so a
 *   concurrent request with the same key meets Stripe's 409 conflict.
 * - `card_declined` (402) and `invalid_request` (400): the execution's result, saved under the
 *   idempotency key like any executed request (unless `save: false`); state is untouched.
 * - `drop_after_commit`: executes and saves, then destroys the socket without answering.
 * A replayed request (same key, same parameters) only meets `500`, `429`, `timeout` and
 * `drop_after_commit`; the others are used up without effect.
 */
export type FaultKind =
  | "500"
  | "429"
  | "timeout"
  | "delay"
  | "drop_after_commit"
  | "card_declined"
  | "invalid_request";

const faultKinds: readonly FaultKind[] = [
  "500",
  "429",
  "timeout",
  "delay",
  "drop_after_commit",
  "card_declined",
  "invalid_request",
];

/**
 * Which requests a fault applies to. A string is `"<METHOD> <path glob>"` or just a path glob,
 * where `*` matches within one path segment and `**` across segments, e.g.
 * `"POST /v1/invoiceitems"`, `"POST /v1/invoices/*\/finalize"`, `"* /v1/**"`.
 */
export type FaultMatch = string | { method?: string; path?: string | RegExp };

export interface FaultOptions {
  /** `429`: the `Retry-After` seconds (default 1). */
  retryAfterSeconds?: number;
  /** `timeout`: how long the socket is held before it is destroyed (default 10,000 ms). */
  holdMs?: number;
  /** `delay`: how long execution waits while holding the idempotency key (default 200 ms). */
  delayMs?: number;
  /** Error message for `500`, `card_declined` and `invalid_request`. */
  message?: string;
  /** `card_declined`: the `decline_code` (default `generic_decline`). */
  declineCode?: string;
  /** `invalid_request`: the `param` named in the error. */
  param?: string;
  /** `card_declined` / `invalid_request`: save the error under the idempotency key (default true). */
  save?: boolean;
}

export interface FaultRule extends FaultOptions {
  kind: FaultKind;
  match?: FaultMatch;
  /** How many matching requests get the fault (default 1; `Number.POSITIVE_INFINITY` for all). */
  times?: number;
}

export interface RandomFaults extends FaultOptions {
  /** Probability in [0, 1] that a matching request gets a fault. */
  rate: number;
  kinds: readonly FaultKind[];
  /** Seed for a reproducible sequence (default: random). */
  seed?: number;
  match?: FaultMatch;
}

export interface ChosenFault extends FaultOptions {
  kind: FaultKind;
}

export interface FiredFault {
  kind: FaultKind;
  method: string;
  path: string;
  requestId: string;
}

export interface InjectedFault {
  /** Matching requests still to be hit. */
  remaining(): number;
  cancel(): void;
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
  matches: (method: string, path: string) => boolean;
}

export class Faults {
  private rules: ActiveRule[] = [];
  private randomMode:
    | { config: RandomFaults; next: () => number; matches: (m: string, p: string) => boolean }
    | undefined;
  /** Every fault that hit a request, in order. */
  readonly fired: FiredFault[] = [];

  inject(rule: FaultRule): InjectedFault {
    validateKind(rule.kind);
    const times = rule.times ?? 1;
    if (!(times >= 1)) {
      throw new Error(`times must be at least 1, got ${times}`);
    }
    const active: ActiveRule = { rule, remaining: times, matches: compileMatch(rule.match) };
    this.rules.push(active);
    return {
      remaining: () => active.remaining,
      cancel: () => {
        active.remaining = 0;
      },
    };
  }

  /** Every matching request gets a fault with probability `rate`, of a kind drawn from `kinds`. */
  random(config: RandomFaults): void {
    if (!(config.rate >= 0 && config.rate <= 1)) {
      throw new Error(`rate must be within [0, 1], got ${config.rate}`);
    }
    if (config.kinds.length === 0) {
      throw new Error("random faults need at least one kind");
    }
    for (const kind of config.kinds) {
      validateKind(kind);
    }
    this.randomMode = {
      config,
      next: mulberry32(config.seed ?? Math.floor(Math.random() * 2 ** 32)),
      matches: compileMatch(config.match),
    };
  }

  clear(): void {
    this.rules = [];
    this.randomMode = undefined;
  }

  /** Chooses (and uses up) the fault for one request, if any. */
  take(method: string, path: string, requestId: string): ChosenFault | undefined {
    const chosen = this.choose(method, path);
    if (chosen !== undefined) {
      this.fired.push({ kind: chosen.kind, method, path, requestId });
    }
    return chosen;
  }

  private choose(method: string, path: string): ChosenFault | undefined {
    for (const active of this.rules) {
      if (active.remaining > 0 && active.matches(method, path)) {
        active.remaining -= 1;
        const { match: _match, times: _times, ...fault } = active.rule;
        return fault;
      }
    }
    this.rules = this.rules.filter((active) => active.remaining > 0);
    const random = this.randomMode;
    if (random === undefined || !random.matches(method, path)) {
      return undefined;
    }
    if (random.next() >= random.config.rate) {
      return undefined;
    }
    const { kinds, rate: _rate, seed: _seed, match: _match, ...options } = random.config;
    const kind = kinds[Math.floor(random.next() * kinds.length)] ?? kinds[0];
    return kind === undefined ? undefined : { ...options, kind };
  }
}

function validateKind(kind: string): void {
  if (!faultKinds.some((known) => known === kind)) {
    throw new Error(`Unknown fault kind ${kind}; expected one of ${faultKinds.join(", ")}`);
  }
}

export function compileMatch(
  match: FaultMatch | undefined,
): (method: string, path: string) => boolean {
  if (match === undefined) {
    return () => true;
  }
  let method: string | undefined;
  let path: string | RegExp | undefined;
  if (typeof match === "string") {
    const space = match.indexOf(" ");
    method = space === -1 ? undefined : match.slice(0, space);
    path = space === -1 ? match : match.slice(space + 1).trim();
  } else {
    method = match.method;
    path = match.path;
  }
  const wantedMethod = method === undefined || method === "*" ? undefined : method.toUpperCase();
  const pathPattern = typeof path === "string" ? globToRegExp(path) : path;
  return (requestMethod, requestPath) =>
    (wantedMethod === undefined || wantedMethod === requestMethod) &&
    (pathPattern === undefined || pathPattern.test(requestPath));
}

function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob[index] ?? "";
    if (char === "*" && glob[index + 1] === "*") {
      source += ".*";
      index += 1;
    } else if (char === "*") {
      source += "[^/]*";
    } else {
      source += char.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    }
  }
  return new RegExp(`^${source}$`);
}

/** A small seeded generator so a chaos run can be replayed exactly from its seed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
