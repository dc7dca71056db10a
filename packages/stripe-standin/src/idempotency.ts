import type { Outcome } from "./route";

/** Stripe's limit on `Idempotency-Key` length. */
export const maxIdempotencyKeyLength = 255;

/** Stripe keeps keys for at least 24 hours; the stand-in keeps them this long unless told to forget. */
export const defaultIdempotencyRetentionMs = 24 * 60 * 60 * 1000;

export interface SavedResult {
  state: "done";
  /** Method, path and canonical parameters of the first request. */
  fingerprint: string;
  path: string;
  outcome: Outcome;
  requestId: string;
  savedAtMs: number;
}

interface Executing {
  state: "executing";
  fingerprint: string;
}

export type IdempotencyLookup =
  | { kind: "new" }
  | { kind: "replay"; saved: SavedResult }
  | { kind: "mismatch"; saved: SavedResult }
  | { kind: "executing" };

/**
 * Keys are scoped per API key, like Stripe. A key is claimed while its request executes (a
 * concurrent request with it gets a conflict) and either saved with the result or released
 * when the request is refused before executing.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, SavedResult | Executing>();

  constructor(
    private readonly clockMs: () => number,
    private readonly retentionMs = defaultIdempotencyRetentionMs,
  ) {}

  private static scope(apiKey: string, key: string): string {
    return `${apiKey}\n${key}`;
  }

  lookup(apiKey: string, key: string, fingerprint: string): IdempotencyLookup {
    const scoped = IdempotencyStore.scope(apiKey, key);
    const entry = this.entries.get(scoped);
    if (entry === undefined) {
      return { kind: "new" };
    }
    if (entry.state === "executing") {
      return { kind: "executing" };
    }
    if (this.clockMs() - entry.savedAtMs > this.retentionMs) {
      this.entries.delete(scoped);
      return { kind: "new" };
    }
    return entry.fingerprint === fingerprint
      ? { kind: "replay", saved: entry }
      : { kind: "mismatch", saved: entry };
  }

  claim(apiKey: string, key: string, fingerprint: string): void {
    this.entries.set(IdempotencyStore.scope(apiKey, key), { state: "executing", fingerprint });
  }

  release(apiKey: string, key: string): void {
    const scoped = IdempotencyStore.scope(apiKey, key);
    if (this.entries.get(scoped)?.state === "executing") {
      this.entries.delete(scoped);
    }
  }

  save(apiKey: string, key: string, result: Omit<SavedResult, "state" | "savedAtMs">): void {
    this.entries.set(IdempotencyStore.scope(apiKey, key), {
      state: "done",
      savedAtMs: this.clockMs(),
      ...result,
    });
  }

  /** Simulates the retention window passing: every saved key is forgotten. */
  forgetAll(): void {
    for (const [scoped, entry] of this.entries) {
      if (entry.state === "done") {
        this.entries.delete(scoped);
      }
    }
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
