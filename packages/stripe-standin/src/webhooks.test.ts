import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StripeStandin } from "./server";
import { startStripeStandin } from "./server";

const secret = "whsec_test_secret";

interface Received {
  body: string;
  signature: string;
}

let received: Received[] = [];
let receiverUrl: string;
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    received.push({
      body: Buffer.concat(chunks).toString("utf8"),
      signature: String(request.headers["stripe-signature"]),
    });
    response.end("ok");
  });
});

let standin: StripeStandin;
let stripe: Stripe;

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/stripe`;
  standin = await startStripeStandin({ webhook: { url: receiverUrl, secret } });
  stripe = standin.stripe();
});
afterAll(async () => {
  await standin.close();
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
  standin.reset();
  received = [];
});
afterEach(async () => {
  standin.webhooks.resume();
  await standin.webhooks.flush();
});

async function openInvoice(amount = 1200) {
  const customer = await stripe.customers.create({});
  const invoice = await stripe.invoices.create({
    customer: customer.id,
    collection_method: "send_invoice",
    days_until_due: 14,
  });
  await stripe.invoiceItems.create({
    customer: customer.id,
    invoice: invoice.id,
    amount,
    currency: "usd",
  });
  return stripe.invoices.finalizeInvoice(
    invoice.id,
    {},
    { idempotencyKey: `tally:finalize:${invoice.id}` },
  );
}

describe("webhooks", () => {
  it("delivers signed events that the SDK's constructEvent verifies on the raw bytes", async () => {
    const invoice = await openInvoice();
    await standin.webhooks.flush();
    const types = received.map((delivery) => JSON.parse(delivery.body).type);
    expect(types).toEqual([
      "customer.created",
      "invoice.created",
      "invoiceitem.created",
      "invoice.finalized",
    ]);
    const finalized = received[3];
    if (finalized === undefined) throw new Error("no finalized delivery");
    const event = stripe.webhooks.constructEvent(finalized.body, finalized.signature, secret);
    expect(event.type).toBe("invoice.finalized");
    expect(event).toMatchObject({
      object: "event",
      livemode: false,
      data: { object: { id: invoice.id, status: "open", number: invoice.number } },
      request: { idempotency_key: `tally:finalize:${invoice.id}` },
    });
    expect(() =>
      stripe.webhooks.constructEvent(finalized.body, finalized.signature, "whsec_other"),
    ).toThrow(Stripe.errors.StripeSignatureVerificationError);
    const tampered = finalized.body.replace('"open"', '"paid"');
    expect(() => stripe.webhooks.constructEvent(tampered, finalized.signature, secret)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });

  it("signs exactly like the SDK's generateTestHeaderString", () => {
    const payload = JSON.stringify({ id: "evt_1", object: "event" });
    const timestamp = 1_700_000_000;
    const ours = standin.signPayload(payload, { timestamp });
    const theirs = stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
    expect(ours).toBe(theirs);
    const stale = standin.signPayload(payload, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(() => stripe.webhooks.constructEvent(payload, stale, secret, 300)).toThrow(
      /Timestamp outside the tolerance zone/,
    );
  });

  it("emits payment_failed (invoice stays open), paid, voided and uncollectible events", async () => {
    const invoice = await openInvoice();
    const failed = standin.failPayment(invoice.id);
    expect(failed).toMatchObject({
      type: "invoice.payment_failed",
      data: { object: { id: invoice.id, status: "open", attempt_count: 1 } },
    });
    expect((await stripe.invoices.retrieve(invoice.id)).status).toBe("open");
    const paid = standin.payInvoice(invoice.id);
    expect(paid).toMatchObject({ type: "invoice.paid", data: { object: { status: "paid" } } });
    expect(() => standin.failPayment(invoice.id)).toThrow();

    const other = await openInvoice(300);
    await stripe.invoices.markUncollectible(other.id);
    await stripe.invoices.voidInvoice(other.id);
    expect(standin.events.map((event) => event.type).slice(-2)).toEqual([
      "invoice.marked_uncollectible",
      "invoice.voided",
    ]);
  });

  it("holds deliveries while paused and sends them in order on flush", async () => {
    standin.webhooks.pause();
    await openInvoice();
    expect(received).toHaveLength(0);
    expect(standin.webhooks.pending()).toHaveLength(4);
    await standin.webhooks.flush();
    expect(received).toHaveLength(4);
    standin.webhooks.resume();
  });

  it("redelivers events twice and out of order on request", async () => {
    standin.webhooks.pause();
    const subscription = { id: "sub_123", customer: "cus_1", status: "past_due" };
    const updated = standin.emitSubscriptionEvent("customer.subscription.updated", subscription, {
      status: "active",
    });
    const deleted = standin.emitSubscriptionEvent("customer.subscription.deleted", {
      ...subscription,
      status: "canceled",
    });
    const deliveries = await standin.deliverEvents([updated.id, deleted.id, deleted.id], {
      order: "reverse",
    });
    expect(deliveries.map((delivery) => [delivery.eventId, delivery.attempt])).toEqual([
      [deleted.id, 1],
      [deleted.id, 2],
      [updated.id, 1],
    ]);
    expect(received.map((delivery) => JSON.parse(delivery.body).id)).toEqual([
      deleted.id,
      deleted.id,
      updated.id,
    ]);
    const again = await standin.redeliver(updated.id);
    expect(again).toMatchObject({ status: 200, attempt: 2 });
    const last = received.at(-1);
    expect(JSON.parse(last?.body ?? "{}")).toMatchObject({
      type: "customer.subscription.updated",
      data: {
        object: { id: "sub_123", object: "subscription" },
        previous_attributes: { status: "active" },
      },
    });
    standin.webhooks.resume();
  });

  it("records a failed delivery instead of throwing", async () => {
    standin.webhooks.configure({ url: "http://127.0.0.1:1/unreachable", secret });
    try {
      const event = standin.emitEvent("invoice.upcoming", { id: "in_x", object: "invoice" });
      await standin.webhooks.flush();
      expect(standin.webhooks.deliveries.at(-1)).toMatchObject({
        eventId: event.id,
        status: null,
      });
    } finally {
      standin.webhooks.configure({ url: receiverUrl, secret });
    }
  });
});
