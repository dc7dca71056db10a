import { randomUUID } from "node:crypto";
import { recordUsage, release, reserve } from "@tally/metering";
import { type AnyCatalog, isMeterId, type MeterId } from "@tally/tier-config";
import type { TRPCMiddlewareFunction } from "@trpc/server";
import type { AccountContext } from "../account-context";
import type { Context } from "../context";
import { MAX_IDEMPOTENCY_KEY_LENGTH } from "../context";
import { DetailedError } from "../errors";
import type { ProcedureMeta } from "../meta";
import { upgradeToFor } from "../upgrade-to";
import { logDecision } from "./log-decision";
import { type UsageNotice, type UsageResult, usageNotice, warningHeader } from "./usage-notice";

export interface MeteredOptions<TInput> {
  meter: string | ((input: TInput) => string);
  /** Units the call uses; validated by the engine (a positive safe integer). */
  quantity: (input: TInput) => number;
  /**
   * `enforce` (default) reserves before the handler and refuses past a hard limit; `measured`
   * records usage that already happened (voice seconds after a call) and only reports.
   */
  mode?: "enforce" | "measured";
  /** A key from the input (e.g. a session id), used when no `Idempotency-Key` header is sent. */
  idempotencyKey?: (input: TInput) => string | undefined;
}

/** What a metered procedure's handler finds in its context. */
export interface MeteredContext {
  usage: UsageNotice;
  /** The usage event's id, the same on a retry with the same key; null if nothing was written. */
  usageEventId: number | null;
}

/**
 * Metering as middleware: counts the call before the handler runs (one atomic statement in the
 * engine, so concurrent calls cannot pass a hard limit), gives back the reservation if the
 * handler fails, and refuses with TOO_MANY_REQUESTS past the limit. A failure to record fails the
 * request: nothing runs uncounted. The handler finds the decision in `ctx.usage`.
 */
export function metered<TInput>(
  options: MeteredOptions<TInput>,
): TRPCMiddlewareFunction<Context, ProcedureMeta, AccountContext, MeteredContext, TInput> {
  return async (opts) => {
    const { ctx, input, path } = opts;
    const meterId = typeof options.meter === "string" ? options.meter : options.meter(input);
    if (!isMeterId(ctx.catalog, meterId)) {
      throw new DetailedError({
        code: "BAD_REQUEST",
        message: `Unknown meter "${meterId}"`,
        details: { reason: "unknown_meter", meter: meterId },
      });
    }
    const quantity = options.quantity(input);
    const mode = options.mode ?? "enforce";
    const request = {
      accountId: ctx.account.id,
      meterId,
      quantity,
      idempotencyKey: idempotencyKeyFor(ctx, path, options.idempotencyKey?.(input)),
      now: ctx.now,
      state: ctx.accountState,
      procedure: path,
      actorUserId: ctx.actor.userId ?? undefined,
      apiKeyId: ctx.actor.apiKeyId ?? undefined,
    };
    const deps = { db: ctx.db, catalog: ctx.catalog };
    const result: UsageResult =
      mode === "enforce"
        ? await reserve(deps, request)
        : await recordUsage(deps, { ...request, mode: "measured" });
    logDecision(ctx, { procedure: path, quantity, result });

    // Measured usage already happened and was counted; past the limit it is reported, not refused.
    if (result.outcome === "block" && mode === "enforce")
      throw blockedError(ctx, meterId, result, quantity);

    const notice = usageNotice(result);
    const handled = await opts.next({
      ctx: { usage: notice, usageEventId: result.eventId } satisfies MeteredContext,
    });
    if (!handled.ok) {
      // Counted iff it happened: the handler failed, so its reservation goes back, once. Measured
      // usage happened before the call (the seconds were spoken), so it stays, and a retry with
      // the same key replays it instead of meeting a released key.
      if (mode === "enforce" && result.eventId !== null && !result.replay) {
        await release(deps, { accountId: ctx.account.id, eventId: result.eventId, now: ctx.now });
      }
      return handled;
    }
    const header = warningHeader(notice);
    if (header) ctx.resHeaders.set("Tally-Usage-Warning", header);
    return handled;
  };
}

/**
 * The header wins over the input, and both are scoped by procedure so one service's keys cannot
 * collide with another procedure's. Without either, every call is its own event.
 */
function idempotencyKeyFor(ctx: AccountContext, path: string, fromInput: string | undefined) {
  const key = ctx.idempotencyKey ?? fromInput;
  if (key === undefined) return `${path}:${randomUUID()}`;
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new DetailedError({
      code: "BAD_REQUEST",
      message: `Idempotency-Key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
      details: { reason: "invalid_idempotency_key" },
    });
  }
  return `${path}:${key}`;
}

function blockedError(
  ctx: AccountContext,
  meterId: MeterId<AnyCatalog>,
  result: UsageResult,
  quantity: number,
) {
  const limit = result.hardLimit ?? (result.allowance === "unlimited" ? null : result.allowance);
  const expired = result.reason === "trial_expired" || result.reason === "read_only";
  return new DetailedError({
    code: "TOO_MANY_REQUESTS",
    message: expired
      ? "Your trial has ended; upgrade to continue"
      : `Limit reached for ${ctx.catalog.meters[result.meterId]?.name ?? result.meterId}: ${result.used} of ${limit ?? "unlimited"} used`,
    details: {
      reason: result.reason,
      meter: result.meterId,
      used: result.used,
      limit,
      resetsAt: result.resetsAt ? result.resetsAt.toISOString() : null,
      upgradeTo: upgradeToFor(ctx.catalog, ctx.plan.planId, meterId, result.used + quantity),
    },
  });
}
