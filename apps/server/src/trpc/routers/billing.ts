import { listInvoices, previewPeriod } from "@tally/billing";
import { z } from "zod";
import { accountProcedure, router } from "../init";

/**
 * The account's money: the open period so far, what it will come to, and past invoices. Billing's
 * refusals become tRPC codes in init.ts, as the metering engine's do.
 */
export const billingRouter = router({
  /** The open billing period's lines from the counters so far, and at the current pace. */
  currentPeriod: accountProcedure.query(async ({ ctx }) => {
    const preview = await previewPeriod(ctx.db, ctx.catalog, {
      accountId: ctx.account.id,
      now: ctx.now,
    });
    return { stripeConfigured: ctx.billing.stripe !== null, ...preview };
  }),

  /** The next invoice in one line, for the overview. */
  upcoming: accountProcedure.query(async ({ ctx }) => {
    const preview = await previewPeriod(ctx.db, ctx.catalog, {
      accountId: ctx.account.id,
      now: ctx.now,
    });
    return {
      stripeConfigured: ctx.billing.stripe !== null,
      invoiceAt: preview.periodEnd,
      currency: preview.currency,
      soFarCents: preview.totalCents,
      projectedCents: preview.projected.totalCents,
    };
  }),

  invoices: accountProcedure
    .input(
      z
        .object({
          limit: z.int().min(1).max(50).default(12),
          cursor: z.string().max(200).optional(),
        })
        .default({ limit: 12 }),
    )
    .query(({ ctx, input }) =>
      listInvoices(ctx.db, {
        accountId: ctx.account.id,
        limit: input.limit,
        cursor: input.cursor,
      }),
    ),
});
