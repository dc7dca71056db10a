import { handleStripeWebhook, isBillingError } from "@tally/billing";
import type { Hono, MiddlewareHandler } from "hono";
import type { ServerDeps } from "../trpc/context";

/**
 * `POST /webhooks/stripe`: Stripe's events about the invoices Tally pushed. The signature covers
 * the exact bytes Stripe sent, so the body is handed on as received, never parsed and
 * re-serialised first. A bad signature is 400 and changes nothing; an error of ours is 500, which
 * Stripe retries for three days; a duplicate is 200, as Stripe needs to stop resending it.
 */
export function mountStripeWebhook(
  app: Hono,
  deps: ServerDeps,
  limitBody: MiddlewareHandler,
): void {
  const { db, catalog, logger, billing } = deps;
  app.post("/webhooks/stripe", limitBody, async (c) => {
    if (billing.webhookSecret === null) {
      return c.json(
        { error: "Stripe webhooks are not configured on this server: set STRIPE_WEBHOOK_SECRET" },
        503,
      );
    }
    const rawBody = await c.req.text();
    try {
      const result = await handleStripeWebhook(db, catalog, {
        rawBody,
        signature: c.req.header("stripe-signature"),
        secret: billing.webhookSecret,
        now: new Date(),
      });
      logger.info(result, "stripe webhook");
      return c.json({ received: true, outcome: result.outcome });
    } catch (error) {
      if (isBillingError(error, "invalid_signature") || isBillingError(error, "invalid_input")) {
        logger.warn({ reason: error.message }, "stripe webhook refused");
        return c.json({ error: error.message }, 400);
      }
      logger.error({ err: error }, "stripe webhook failed");
      return c.json({ error: "The event could not be handled; Stripe will retry it" }, 500);
    }
  });
}
