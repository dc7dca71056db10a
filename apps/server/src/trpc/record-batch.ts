import { isMeteringError, recordUsage } from "@tally/metering";
import type { AccountContext } from "./account-context";
import { logDecision } from "./middleware/log-decision";
import { usageNotice } from "./middleware/usage-notice";
import { requireMeterId } from "./plan-id-input";

export const MAX_BATCH_EVENTS = 100;

export interface MeasuredEvent {
  meter: string;
  quantity: number;
  idempotencyKey: string;
  occurredAt?: Date;
}

/**
 * Records measured events one by one, each exactly once by its own key, in the key space of
 * `usage.record` (so a single report retried in a batch is not counted twice). A caller's mistake
 * in one event (a reused key) is answered for that event only; anything else (the database
 * failing) fails the whole request, so nothing is reported as counted that was not.
 */
export async function recordBatch(ctx: AccountContext, events: readonly MeasuredEvent[]) {
  // Unknown meters refuse the whole batch before anything is counted.
  const checked = events.map((event) => ({
    ...event,
    meterId: requireMeterId(ctx.catalog, event.meter),
  }));
  const results = [];
  for (const event of checked) {
    const { meterId } = event;
    try {
      const result = await recordUsage(
        { db: ctx.db, catalog: ctx.catalog },
        {
          accountId: ctx.account.id,
          meterId,
          quantity: event.quantity,
          idempotencyKey: `usage.record:${event.idempotencyKey}`,
          now: ctx.now,
          state: ctx.accountState,
          mode: "measured",
          occurredAt: event.occurredAt,
          procedure: "usage.recordBatch",
          actorUserId: ctx.actor.userId ?? undefined,
          apiKeyId: ctx.actor.apiKeyId ?? undefined,
        },
      );
      logDecision(ctx, { procedure: "usage.recordBatch", quantity: event.quantity, result });
      results.push({
        idempotencyKey: event.idempotencyKey,
        ok: true as const,
        usage: usageNotice(result),
      });
    } catch (error) {
      if (!isMeteringError(error)) throw error;
      results.push({
        idempotencyKey: event.idempotencyKey,
        ok: false as const,
        error: { reason: error.code, message: error.message },
      });
    }
  }
  return { results };
}
