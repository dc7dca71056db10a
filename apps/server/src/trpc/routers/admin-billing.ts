import {
  BillingError,
  closePeriod,
  invoiceWithLines,
  pushInvoice,
  reconcile,
  retryParkedInvoice,
} from "@tally/billing";
import { z } from "zod";
import { adminProcedure, router } from "../init";

/** The longest stretch one reconciliation reads, so one request cannot walk every invoice ever. */
const MAX_RECONCILE_DAYS = 92;
const DAY_MS = 86_400_000;

/**
 * Operators' billing tools: re-run a period's close and push, and check the ledger against Stripe.
 * Billing's refusals become tRPC codes in init.ts.
 */
export const adminBillingRouter = router({
  /**
   * Closes one ended billing period of an account (a no-op when it is closed already) and, with
   * Stripe configured, pushes it, taking it off the `attention` shelf first: the way to retry an
   * invoice once its cause is fixed. The deterministic Stripe keys make the retry add nothing that
   * Stripe already holds.
   */
  rerunClose: adminProcedure
    .input(z.object({ accountId: z.uuid(), periodStart: z.coerce.date() }))
    .mutation(async ({ ctx, input }) => {
      const { accountId } = input;
      const closed = await closePeriod(ctx.db, ctx.catalog, { ...input, now: ctx.now });
      const invoiceId = closed.invoice.id;
      const stripe = ctx.billing.stripe;
      if (stripe !== null) {
        await retryParkedInvoice(ctx.db, { accountId, invoiceId });
        await pushInvoice(ctx.db, stripe, { invoiceId, now: ctx.now, logger: ctx.logger });
      }
      ctx.logger.info(
        { accountId, invoiceId, created: closed.created, by: ctx.user.id },
        "operator re-ran a period close",
      );
      return invoiceWithLines(ctx.db, { accountId, invoiceId });
    }),

  /** Ledger lines against Stripe's invoice items for invoices whose period ended in [from, to). */
  reconciliation: adminProcedure
    .input(
      z
        .object({ from: z.coerce.date(), to: z.coerce.date() })
        .refine(({ from, to }) => from < to, { message: "from must be before to", path: ["to"] })
        .refine(({ from, to }) => to.getTime() - from.getTime() <= MAX_RECONCILE_DAYS * DAY_MS, {
          message: `reconcile at most ${MAX_RECONCILE_DAYS} days at a time`,
          path: ["to"],
        }),
    )
    .query(({ ctx, input }) => {
      const stripe = ctx.billing.stripe;
      if (stripe === null) {
        throw new BillingError(
          "stripe_not_configured",
          "Stripe is not configured (STRIPE_SECRET_KEY), so there is nothing to reconcile with",
        );
      }
      return reconcile(ctx.db, stripe, input);
    }),
});
