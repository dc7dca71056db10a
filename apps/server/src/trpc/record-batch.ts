import { recordUsageBatch } from "@tally/metering";
import type { AccountContext } from "./account-context";
import { logDecision } from "./middleware/log-decision";
import { usageNotice } from "./middleware/usage-notice";
import { requireMeterId } from "./plan-id-input";

/**
 * Events per request. The batch is written set-based (a handful of statements whatever its size),
 * so larger batches cost less per event; 1,000 keeps a request near 100 KiB, far within the body
 * limit, and one transaction's locks short.
 */
export const MAX_BATCH_EVENTS = 1000;

export interface MeasuredEvent {
  meter: string;
  quantity: number;
  idempotencyKey: string;
  occurredAt?: Date;
}

/**
 * Records measured events in one transaction with set-based writes (`recordUsageBatch`), each
 * exactly once by its own key, in the key space of `usage.record` (so a single report retried in a
 * batch is not counted twice). Every event gets the answer it would have got alone: counted,
 * replayed, or refused for a caller's mistake (a reused key) without failing the others; anything
 * else (the database failing) fails the whole request, so nothing is reported as counted that was
 * not.
 */
export async function recordBatch(ctx: AccountContext, events: readonly MeasuredEvent[]) {
  // Unknown meters refuse the whole batch before anything is counted.
  const checked = events.map((event) => ({
    meterId: requireMeterId(ctx.catalog, event.meter),
    quantity: event.quantity,
    idempotencyKey: `usage.record:${event.idempotencyKey}`,
    occurredAt: event.occurredAt,
  }));
  const outcomes = await recordUsageBatch(
    { db: ctx.db, catalog: ctx.catalog },
    {
      accountId: ctx.account.id,
      events: checked,
      now: ctx.now,
      state: ctx.accountState,
      procedure: "usage.recordBatch",
      actorUserId: ctx.actor.userId ?? undefined,
      apiKeyId: ctx.actor.apiKeyId ?? undefined,
    },
  );
  const results = outcomes.map((outcome, index) => {
    const event = events[index];
    if (event === undefined) throw new Error("the engine answered more events than it was given");
    if (!outcome.ok) {
      return {
        idempotencyKey: event.idempotencyKey,
        ok: false as const,
        error: { reason: outcome.error.code, message: outcome.error.message },
      };
    }
    logDecision(ctx, {
      procedure: "usage.recordBatch",
      quantity: event.quantity,
      result: outcome.result,
    });
    return {
      idempotencyKey: event.idempotencyKey,
      ok: true as const,
      usage: usageNotice(outcome.result),
    };
  });
  return { results };
}
