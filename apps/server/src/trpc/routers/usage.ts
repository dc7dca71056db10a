import { checkEntitlement, usageLog, usageSummary } from "@tally/metering";
import { meterIds } from "@tally/tier-config";
import { z } from "zod";
import { dailyUsage } from "../../data/daily-usage";
import { accountProcedure, router } from "../init";
import { metered } from "../middleware/metered";
import { usageNotice } from "../middleware/usage-notice";
import { requireMeterId } from "../plan-id-input";
import { idempotencyKeyInput, meterInput, quantityInput } from "../quantity-input";
import { MAX_BATCH_EVENTS, recordBatch } from "../record-batch";

const measuredEvent = z.object({
  meter: meterInput,
  quantity: quantityInput,
  /** Required: a service retrying a report must not count it twice. */
  idempotencyKey: idempotencyKeyInput,
  occurredAt: z.coerce.date().optional(),
});

/** The account's usage: what the dashboard reads, and how the product's services report it. */
export const usageRouter = router({
  summary: accountProcedure.query(({ ctx }) =>
    usageSummary({ db: ctx.db, catalog: ctx.catalog }, { accountId: ctx.account.id, now: ctx.now }),
  ),

  log: accountProcedure
    .input(
      z
        .object({
          meter: meterInput.optional(),
          from: z.coerce.date().optional(),
          to: z.coerce.date().optional(),
          cursor: z.string().max(100).optional(),
          limit: z.int().min(1).max(100).default(50),
        })
        .default({ limit: 50 }),
    )
    .query(({ ctx, input }) =>
      usageLog(
        { db: ctx.db, catalog: ctx.catalog },
        {
          accountId: ctx.account.id,
          meterId: input.meter === undefined ? undefined : requireMeterId(ctx.catalog, input.meter),
          from: input.from,
          to: input.to,
          cursor: input.cursor,
          limit: input.limit,
        },
      ),
    ),

  /** The current period of one meter, day by day, for the dashboard's chart. */
  daily: accountProcedure.input(z.object({ meter: meterInput })).query(async ({ ctx, input }) => {
    const meterId = requireMeterId(ctx.catalog, input.meter);
    const standing = await checkEntitlement(
      { db: ctx.db, catalog: ctx.catalog },
      { accountId: ctx.account.id, meterId, now: ctx.now, state: ctx.accountState },
    );
    return {
      meterId,
      periodStart: standing.periodStart,
      /** Null for a one-time allowance, which never resets. */
      periodEnd: standing.resetsAt,
      allowance: standing.allowance,
      days: await dailyUsage(ctx.db, {
        accountId: ctx.account.id,
        meterId,
        periodStart: standing.periodStart,
        lifetime: standing.resetsAt === null,
        until: ctx.now,
      }),
    };
  }),

  /** What each meter allows right now, without counting anything. */
  quota: accountProcedure.query(async ({ ctx }) =>
    Promise.all(
      meterIds(ctx.catalog).map(async (meterId) =>
        usageNotice(
          await checkEntitlement(
            { db: ctx.db, catalog: ctx.catalog },
            { accountId: ctx.account.id, meterId, now: ctx.now, state: ctx.accountState },
          ),
        ),
      ),
    ),
  ),

  /**
   * Counts one unit-of-work before the service does it: refused with TOO_MANY_REQUESTS past a
   * hard limit. For checks the product makes on its own calls (an IDE call, a report).
   */
  consume: accountProcedure
    .input(
      z.object({
        meter: meterInput,
        quantity: quantityInput.default(1),
        idempotencyKey: idempotencyKeyInput.optional(),
      }),
    )
    .use(
      metered({
        meter: (input) => input.meter,
        quantity: (input) => input.quantity,
        idempotencyKey: (input) => input.idempotencyKey,
      }),
    )
    .mutation(({ ctx }) => ({ usage: ctx.usage })),

  /** Reports usage that already happened (e.g. voice seconds after a call); always recorded. */
  record: accountProcedure
    .input(measuredEvent)
    .use(
      metered({
        meter: (input) => input.meter,
        quantity: (input) => input.quantity,
        mode: "measured",
        idempotencyKey: (input) => input.idempotencyKey,
      }),
    )
    .mutation(({ ctx }) => ({ usage: ctx.usage })),

  /**
   * Many measured events in one request, each counted exactly once by its own key (in the same
   * key space as `record`). Each event succeeds or fails on its own, in order.
   */
  recordBatch: accountProcedure
    .input(z.object({ events: z.array(measuredEvent).min(1).max(MAX_BATCH_EVENTS) }))
    .mutation(({ ctx, input }) => recordBatch(ctx, input.events)),
});
