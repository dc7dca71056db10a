import {
  type Database,
  type Invoice,
  type InvoiceStatus,
  invoices,
  subscriptions,
  usageAlerts,
} from "@tally/db";
import { effectivePlan } from "@tally/metering";
import type { AnyCatalog } from "@tally/tier-config";
import { eq, or } from "drizzle-orm";
import { setSubscriptionStatus } from "./set-subscription-status";
import type { StripeInvoiceObject } from "./stripe-objects";

export type InvoiceEventType =
  | "invoice.finalized"
  | "invoice.paid"
  | "invoice.payment_failed"
  | "invoice.voided"
  | "invoice.marked_uncollectible";

export const invoiceEventTypes: readonly InvoiceEventType[] = [
  "invoice.finalized",
  "invoice.paid",
  "invoice.payment_failed",
  "invoice.voided",
  "invoice.marked_uncollectible",
];

/**
 * Where each event may move an invoice from. `paid` and `void` are final: a late `finalized`,
 * `payment_failed` or `voided` leaves a paid invoice paid. An uncollectible invoice can still be
 * paid or voided in Stripe, so those two events apply to it.
 */
const MOVES_FROM: Record<Exclude<InvoiceEventType, "invoice.payment_failed">, InvoiceStatus[]> = {
  "invoice.finalized": ["draft"],
  "invoice.paid": ["draft", "open", "attention", "uncollectible"],
  "invoice.voided": ["draft", "open", "attention", "uncollectible"],
  "invoice.marked_uncollectible": ["draft", "open", "attention"],
};
const UNPAID: InvoiceStatus[] = ["draft", "open", "attention"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Applies an invoice event to the ledger's invoice, in the webhook's transaction. Returns false
 * when the invoice is not one of Tally's.
 */
export async function applyInvoiceEvent(
  tx: Database,
  catalog: AnyCatalog,
  { type, object, now }: { type: InvoiceEventType; object: StripeInvoiceObject; now: Date },
): Promise<boolean> {
  const invoice = await lockInvoice(tx, object);
  if (!invoice) return false;

  // What finalization made public is worth keeping whatever the order of events.
  const published = {
    stripeInvoiceId: invoice.stripeInvoiceId ?? object.id,
    stripeInvoiceNumber: invoice.stripeInvoiceNumber ?? object.number ?? null,
    hostedInvoiceUrl: invoice.hostedInvoiceUrl ?? object.hosted_invoice_url ?? null,
  };

  if (type === "invoice.payment_failed") {
    await tx.update(invoices).set(published).where(eq(invoices.id, invoice.id));
    if (UNPAID.includes(invoice.status)) await paymentFailed(tx, catalog, invoice, object, now);
    return true;
  }

  const moves = MOVES_FROM[type].includes(invoice.status);
  const status: InvoiceStatus = !moves
    ? invoice.status
    : type === "invoice.finalized"
      ? "open"
      : type === "invoice.paid"
        ? "paid"
        : type === "invoice.voided"
          ? "void"
          : "uncollectible";
  const paidAt =
    moves && type === "invoice.paid"
      ? object.status_transitions?.paid_at
        ? new Date(object.status_transitions.paid_at * 1000)
        : now
      : invoice.paidAt;
  const sentAt =
    type === "invoice.finalized" || type === "invoice.paid"
      ? (invoice.sentAt ?? now)
      : invoice.sentAt;
  await tx
    .update(invoices)
    .set({ ...published, status, paidAt, sentAt })
    .where(eq(invoices.id, invoice.id));
  if (moves && type === "invoice.paid") await paymentRecovered(tx, invoice, now);
  return true;
}

/**
 * The ledger invoice an event is about, locked so two events for one invoice apply one after the
 * other: by the stored Stripe id, else by the `tally_invoice_id` metadata Tally put on it (an
 * event can arrive before the push stored the id).
 */
async function lockInvoice(
  tx: Database,
  object: StripeInvoiceObject,
): Promise<Invoice | undefined> {
  const tallyId = object.metadata?.tally_invoice_id;
  const byTallyId = tallyId !== undefined && UUID.test(tallyId);
  const rows = await tx
    .select()
    .from(invoices)
    .where(
      byTallyId
        ? or(eq(invoices.stripeInvoiceId, object.id), eq(invoices.id, tallyId))
        : eq(invoices.stripeInvoiceId, object.id),
    )
    .for("update");
  // The stored id wins over metadata, which anyone with dashboard access can edit.
  return (
    rows.find((row) => row.stripeInvoiceId === object.id) ??
    rows.find((row) => row.stripeInvoiceId === null)
  );
}

/**
 * Stripe could not collect: the account's subscription becomes past due and its members get one
 * `payment_failed` alert for the invoice, however often Stripe redelivers or retries the charge.
 */
async function paymentFailed(
  tx: Database,
  catalog: AnyCatalog,
  invoice: Invoice,
  object: StripeInvoiceObject,
  now: Date,
): Promise<void> {
  const [subscription] = await tx
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.accountId, invoice.accountId))
    .for("update");
  if (subscription) {
    // Judged on the status in effect now, so an account whose cancel already took effect is not
    // brought back as past due.
    const { status } = effectivePlan(catalog, subscription, now);
    if (status === "active" || status === "trialing") {
      await setSubscriptionStatus(tx, subscription, {
        to: "past_due",
        reason: `Stripe could not collect invoice ${invoice.stripeInvoiceNumber ?? object.number ?? object.id}`,
        now,
      });
    }
  }
  await tx
    .insert(usageAlerts)
    .values({
      accountId: invoice.accountId,
      meterId: null,
      periodStart: invoice.periodStart,
      kind: "payment_failed",
      thresholdPercent: 0,
      invoiceId: invoice.id,
      usedAtTrigger: object.amount_due ?? invoice.totalCents,
      allowanceAtTrigger: null,
    })
    .onConflictDoNothing();
}

/**
 * A paid invoice ends the past-due state that its failed payment started. Subscriptions Stripe
 * manages itself keep the status Stripe's subscription events give them.
 */
async function paymentRecovered(tx: Database, invoice: Invoice, now: Date): Promise<void> {
  const [subscription] = await tx
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.accountId, invoice.accountId))
    .for("update");
  if (subscription?.status === "past_due" && subscription.stripeSubscriptionId === null) {
    await setSubscriptionStatus(tx, subscription, {
      to: "active",
      reason: `invoice ${invoice.stripeInvoiceNumber ?? invoice.id} was paid`,
      now,
    });
  }
}
