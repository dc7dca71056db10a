import { type Database, stripeEvents } from "@tally/db";
import type { AnyCatalog } from "@tally/tier-config";
import { applyInvoiceEvent, type InvoiceEventType, invoiceEventTypes } from "./apply-invoice-event";
import {
  applySubscriptionEvent,
  type SubscriptionEventType,
  subscriptionEventTypes,
} from "./apply-subscription-event";
import { readObject, stripeInvoiceObject, stripeSubscriptionObject } from "./stripe-objects";
import { type StripeEventEnvelope, verifyStripeEvent } from "./verify-stripe-event";

export interface HandleStripeWebhookInput {
  /** The request body exactly as received, before any JSON parsing. */
  rawBody: string;
  /** The `Stripe-Signature` header. */
  signature: string | undefined;
  /** The endpoint's signing secret (STRIPE_WEBHOOK_SECRET). */
  secret: string;
  now: Date;
  /** How old a signature may be; Stripe's own default is 300 seconds. */
  toleranceSeconds?: number;
}

/**
 * - `processed`: the event was one of Tally's and its effect is stored.
 * - `duplicate`: this event id was handled before; nothing changed.
 * - `ignored`: a type Tally does not act on, or an object that is not Tally's; recorded anyway so
 *   a redelivery is a duplicate.
 */
export interface HandleStripeWebhookResult {
  outcome: "processed" | "duplicate" | "ignored";
  eventId: string;
  type: string;
}

const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * The `POST /webhooks/stripe` handler: verifies the signature on the raw bytes, then stores the
 * event id and its effect in one transaction, so a redelivered event is a no-op and a crash
 * halfway leaves the event unrecorded for Stripe to deliver again. Events may come in any order:
 * each applies only the moves it may (a paid invoice stays paid), so the end state is the same.
 * Throws BillingError `invalid_signature` for a missing, forged or stale signature; answer 400.
 */
export async function handleStripeWebhook(
  db: Database,
  catalog: AnyCatalog,
  input: HandleStripeWebhookInput,
): Promise<HandleStripeWebhookResult> {
  const event = verifyStripeEvent({
    rawBody: input.rawBody,
    signature: input.signature,
    secret: input.secret,
    now: input.now,
    toleranceSeconds: input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
  });
  const { now } = input;
  const result = (outcome: HandleStripeWebhookResult["outcome"]) => ({
    outcome,
    eventId: event.id,
    type: event.type,
  });

  return db.transaction(async (tx) => {
    const stored = await tx
      .insert(stripeEvents)
      .values({
        id: event.id,
        type: event.type,
        payload: event.payload,
        receivedAt: now,
        processedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: stripeEvents.id });
    if (stored.length === 0) return result("duplicate");
    const applied = await applyEvent(tx, catalog, event, now);
    return result(applied ? "processed" : "ignored");
  });
}

async function applyEvent(
  tx: Database,
  catalog: AnyCatalog,
  event: StripeEventEnvelope,
  now: Date,
): Promise<boolean> {
  if (isInvoiceEvent(event.type)) {
    const object = readObject(stripeInvoiceObject, event.data.object, event.type);
    return applyInvoiceEvent(tx, catalog, { type: event.type, object, now });
  }
  if (isSubscriptionEvent(event.type)) {
    const object = readObject(stripeSubscriptionObject, event.data.object, event.type);
    return applySubscriptionEvent(tx, { type: event.type, object, now });
  }
  return false;
}

function isInvoiceEvent(type: string): type is InvoiceEventType {
  return (invoiceEventTypes as readonly string[]).includes(type);
}

function isSubscriptionEvent(type: string): type is SubscriptionEventType {
  return (subscriptionEventTypes as readonly string[]).includes(type);
}
