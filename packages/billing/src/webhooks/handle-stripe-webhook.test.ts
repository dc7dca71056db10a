import { invoices, stripeEvents, subscriptionEvents, subscriptions, usageAlerts } from "@tally/db";
import type { SubscriptionEventType } from "@tally/stripe-standin";
import { coaching } from "@tally/tier-config";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { isBillingError } from "../errors";
import { pushInvoice } from "../push/push-invoice";
import {
  AFTER,
  closedGrowthInvoice,
  pushDyingAt,
  standinGateway,
  useBillingTestBed,
} from "../push/test-fixtures";
import { handleStripeWebhook } from "./handle-stripe-webhook";

const SECRET = "whsec_test_webhooks";

const bed = useBillingTestBed();

/** A Stripe event as Stripe delivers it: its JSON bytes and the header signing them. */
function delivery(eventId: string, options: { secret?: string; timestamp?: number } = {}) {
  const event = bed.standin.events.find((candidate) => candidate.id === eventId);
  if (!event) throw new Error(`no event ${eventId}`);
  const rawBody = JSON.stringify(event);
  const signature = bed.standin.signPayload(rawBody, {
    ...options,
    secret: options.secret ?? SECRET,
  });
  return { rawBody, signature };
}

function deliver(eventId: string, now = new Date()) {
  return handleStripeWebhook(bed.db, coaching, { ...delivery(eventId), secret: SECRET, now });
}

/** Expects the handler to refuse these bytes and header as not signed by Stripe with SECRET. */
async function expectRefused(request: {
  rawBody: string;
  signature: string | undefined;
  now?: Date;
}): Promise<void> {
  await expect(
    handleStripeWebhook(bed.db, coaching, { now: new Date(), ...request, secret: SECRET }),
  ).rejects.toSatisfy((error: unknown) => isBillingError(error, "invalid_signature"));
}

/** An invoice pushed and finalized in the stand-in; its ledger row is open. */
async function sentInvoice() {
  const closed = await closedGrowthInvoice(bed.db, { extraCoachCalls: 1 });
  const pushed = await pushInvoice(bed.db, standinGateway(bed.standin), {
    invoiceId: closed.invoice.id,
    now: AFTER,
  });
  const stripeInvoiceId = pushed.invoice.stripeInvoiceId;
  if (!stripeInvoiceId) throw new Error("not pushed");
  return { invoice: pushed.invoice, stripeInvoiceId };
}

/**
 * An invoice finalized in Stripe whose push died before the ledger heard of it: the ledger row is
 * still a draft, so the order of the webhooks decides what it becomes.
 */
async function finalizedBehindTheLedger() {
  const closed = await closedGrowthInvoice(bed.db, { extraCoachCalls: 1 });
  await pushDyingAt(bed, "POST /v1/invoices/*/finalize", closed.invoice.id);
  const row = await invoiceRow(closed.invoice.id);
  if (row.status !== "draft" || !row.stripeInvoiceId) throw new Error("fixture went wrong");
  const finalized = bed.standin.events.findLast(
    (event) => event.type === "invoice.finalized" && event.data.object.id === row.stripeInvoiceId,
  );
  if (!finalized) throw new Error("no finalized event");
  return { invoice: row, stripeInvoiceId: row.stripeInvoiceId, finalizedEventId: finalized.id };
}

async function invoiceRow(id: string) {
  const [row] = await bed.db.select().from(invoices).where(eq(invoices.id, id));
  if (!row) throw new Error("no invoice");
  return row;
}

async function subscriptionOf(accountId: string) {
  const [row] = await bed.db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.accountId, accountId));
  if (!row) throw new Error("no subscription");
  return row;
}

async function paymentFailedAlerts(accountId: string) {
  return bed.db
    .select()
    .from(usageAlerts)
    .where(and(eq(usageAlerts.accountId, accountId), eq(usageAlerts.kind, "payment_failed")));
}

async function storedEventCount() {
  return (await bed.db.select({ id: stripeEvents.id }).from(stripeEvents)).length;
}

describe("handleStripeWebhook", () => {
  it("processes a validly signed invoice.paid and marks the invoice paid", async () => {
    const { invoice, stripeInvoiceId } = await sentInvoice();
    const paid = bed.standin.payInvoice(stripeInvoiceId);
    const result = await deliver(paid.id);
    expect(result).toEqual({ outcome: "processed", eventId: paid.id, type: "invoice.paid" });
    const row = await invoiceRow(invoice.id);
    expect(row.status).toBe("paid");
    expect(row.paidAt).not.toBeNull();
  });

  it("treats a second delivery of the same event as a no-op", async () => {
    const { invoice, stripeInvoiceId } = await sentInvoice();
    const failed = bed.standin.failPayment(stripeInvoiceId);
    expect((await deliver(failed.id)).outcome).toBe("processed");
    const after = await invoiceRow(invoice.id);
    const events = await storedEventCount();
    expect((await deliver(failed.id)).outcome).toBe("duplicate");
    expect(await invoiceRow(invoice.id)).toEqual(after);
    expect(await storedEventCount()).toBe(events);
    expect(await paymentFailedAlerts(invoice.accountId)).toHaveLength(1);
  });

  it("ends paid when invoice.paid arrives before invoice.finalized", async () => {
    const { invoice, stripeInvoiceId, finalizedEventId } = await finalizedBehindTheLedger();
    const paid = bed.standin.payInvoice(stripeInvoiceId);
    await deliver(paid.id);
    await deliver(finalizedEventId);
    const row = await invoiceRow(invoice.id);
    expect(row.status).toBe("paid");
    // The finalized event still fills in what the lost push never stored.
    expect(row.stripeInvoiceNumber).toMatch(/^TALLY-/);
    expect(row.hostedInvoiceUrl).toMatch(/^http/);
  });

  it("opens a draft the push never recorded when invoice.finalized arrives", async () => {
    const { invoice, finalizedEventId } = await finalizedBehindTheLedger();
    expect((await deliver(finalizedEventId)).outcome).toBe("processed");
    const row = await invoiceRow(invoice.id);
    expect(row.status).toBe("open");
    expect(row.sentAt).not.toBeNull();
  });

  it("leaves a paid invoice and its subscription alone when payment_failed arrives late", async () => {
    const { invoice, stripeInvoiceId } = await sentInvoice();
    const failed = bed.standin.failPayment(stripeInvoiceId);
    const paid = bed.standin.payInvoice(stripeInvoiceId);
    await deliver(paid.id);
    await deliver(failed.id);
    expect((await invoiceRow(invoice.id)).status).toBe("paid");
    expect((await subscriptionOf(invoice.accountId)).status).toBe("active");
    expect(await paymentFailedAlerts(invoice.accountId)).toHaveLength(0);
  });

  it("marks the subscription past due and raises exactly one payment_failed alert per invoice", async () => {
    const { invoice, stripeInvoiceId } = await sentInvoice();
    // Stripe retries the charge: two failures, two distinct events, each delivered twice.
    const first = bed.standin.failPayment(stripeInvoiceId);
    const second = bed.standin.failPayment(stripeInvoiceId);
    for (const id of [first.id, second.id, first.id, second.id]) await deliver(id);

    const subscription = await subscriptionOf(invoice.accountId);
    expect(subscription.status).toBe("past_due");
    const alerts = await paymentFailedAlerts(invoice.accountId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      invoiceId: invoice.id,
      meterId: null,
      periodStart: invoice.periodStart,
      usedAtTrigger: invoice.totalCents,
    });
    const history = await bed.db
      .select()
      .from(subscriptionEvents)
      .where(eq(subscriptionEvents.subscriptionId, subscription.id));
    expect(history).toContainEqual(
      expect.objectContaining({
        action: "status_changed",
        fromStatus: "active",
        toStatus: "past_due",
      }),
    );
    expect((await invoiceRow(invoice.id)).status).toBe("open");

    // Paying it afterwards ends the past-due state.
    await deliver(bed.standin.payInvoice(stripeInvoiceId).id);
    expect((await subscriptionOf(invoice.accountId)).status).toBe("active");
  });

  it("voids an open invoice but never a paid one", async () => {
    const open = await sentInvoice();
    const voided = bed.standin.emitEvent("invoice.voided", {
      id: open.stripeInvoiceId,
      object: "invoice",
    });
    await deliver(voided.id);
    expect((await invoiceRow(open.invoice.id)).status).toBe("void");

    const paid = await sentInvoice();
    await deliver(bed.standin.payInvoice(paid.stripeInvoiceId).id);
    await deliver(
      bed.standin.emitEvent("invoice.voided", { id: paid.stripeInvoiceId, object: "invoice" }).id,
    );
    expect((await invoiceRow(paid.invoice.id)).status).toBe("paid");
  });

  describe("refuses what Stripe did not sign, and changes nothing", () => {
    it("a forged signature", async () => {
      const { invoice, stripeInvoiceId } = await sentInvoice();
      const paid = bed.standin.payInvoice(stripeInvoiceId);
      const events = await storedEventCount();
      await expectRefused(delivery(paid.id, { secret: "whsec_someone_else" }));
      expect(await storedEventCount()).toBe(events);
      expect((await invoiceRow(invoice.id)).status).toBe("open");
    });

    it("a body changed after signing", async () => {
      const { invoice, stripeInvoiceId } = await sentInvoice();
      const paid = bed.standin.payInvoice(stripeInvoiceId);
      const { rawBody, signature } = delivery(paid.id);
      const tampered = rawBody.replace('"invoice.paid"', '"invoice.voided"');
      await expectRefused({ rawBody: tampered, signature });
      // Re-serialising the JSON also breaks it: the signature covers the exact bytes.
      const reserialised = JSON.stringify(JSON.parse(rawBody), null, 2);
      await expectRefused({ rawBody: reserialised, signature });
      expect((await invoiceRow(invoice.id)).status).toBe("open");
    });

    it("a timestamp older than the tolerance", async () => {
      const { invoice, stripeInvoiceId } = await sentInvoice();
      const paid = bed.standin.payInvoice(stripeInvoiceId);
      const now = new Date();
      const stale = delivery(paid.id, { timestamp: Math.floor(now.getTime() / 1000) - 301 });
      const events = await storedEventCount();
      await expectRefused({ ...stale, now });
      expect(await storedEventCount()).toBe(events);
      expect((await invoiceRow(invoice.id)).status).toBe("open");
      // Within the tolerance the same bytes are accepted.
      const fresh = delivery(paid.id, { timestamp: Math.floor(now.getTime() / 1000) - 299 });
      expect(
        (await handleStripeWebhook(bed.db, coaching, { ...fresh, secret: SECRET, now })).outcome,
      ).toBe("processed");
    });

    it("a missing signature header", async () => {
      const { rawBody } = delivery(bed.standin.emitEvent("invoice.voided", { id: "in_x" }).id);
      await expectRefused({ rawBody, signature: undefined });
    });
  });

  describe("customer.subscription events", () => {
    it("map Stripe's status onto the subscription, and deleted cancels it for good", async () => {
      const { invoice } = await sentInvoice();
      const [account] = await bed.db.query.accounts.findMany({
        where: (accounts, { eq: equals }) => equals(accounts.id, invoice.accountId),
      });
      const customer = account?.stripeCustomerId;
      if (!customer) throw new Error("no customer");
      const subscriptionId = "sub_test_mapping";
      const emit = (type: SubscriptionEventType, status: string) =>
        bed.standin.emitSubscriptionEvent(type, { id: subscriptionId, customer, status });

      expect((await deliver(emit("customer.subscription.updated", "unpaid").id)).outcome).toBe(
        "processed",
      );
      let row = await subscriptionOf(invoice.accountId);
      expect(row.status).toBe("past_due");
      expect(row.stripeSubscriptionId).toBe(subscriptionId);

      await deliver(emit("customer.subscription.updated", "active").id);
      expect((await subscriptionOf(invoice.accountId)).status).toBe("active");

      await deliver(emit("customer.subscription.deleted", "canceled").id);
      row = await subscriptionOf(invoice.accountId);
      expect(row.status).toBe("canceled");
      expect(row.canceledAt).not.toBeNull();

      // A late update from before the deletion does not bring it back.
      await deliver(emit("customer.subscription.updated", "active").id);
      expect((await subscriptionOf(invoice.accountId)).status).toBe("canceled");
    });

    it("ignore a subscription of a customer Tally does not know", async () => {
      const unknown = bed.standin.emitSubscriptionEvent("customer.subscription.updated", {
        customer: "cus_not_ours",
        status: "active",
      });
      expect((await deliver(unknown.id)).outcome).toBe("ignored");
      expect((await deliver(unknown.id)).outcome).toBe("duplicate");
    });
  });

  it("records event types it does not act on as ignored", async () => {
    const other = bed.standin.emitEvent("charge.refunded", { id: "ch_1", object: "charge" });
    expect(await deliver(other.id)).toEqual({
      outcome: "ignored",
      eventId: other.id,
      type: "charge.refunded",
    });
  });
});
