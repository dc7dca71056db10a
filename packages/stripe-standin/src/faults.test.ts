import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StripeStandin } from "./server";
import { startStripeStandin } from "./server";

let standin: StripeStandin;
let stripe: Stripe;
let customerId: string;

beforeAll(async () => {
  standin = await startStripeStandin();
  stripe = standin.stripe();
});
afterAll(async () => {
  await standin.close();
});
beforeEach(async () => {
  standin.reset();
  customerId = (await stripe.customers.create({ name: "Ada" })).id;
});

function createItem(key: string, client = stripe) {
  return client.invoiceItems.create(
    { customer: customerId, amount: 1500, currency: "usd" },
    { idempotencyKey: key },
  );
}

describe("injected faults as the SDK sees them", () => {
  it("500 before executing: StripeAPIError, nothing created, the retry executes", async () => {
    standin.faults.inject({ kind: "500", match: "POST /v1/invoiceitems" });
    const error = await createItem("k1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(error).toMatchObject({ statusCode: 500 });
    expect(standin.state().invoiceItems).toHaveLength(0);
    const retried = await createItem("k1");
    expect(standin.requests.at(-1)?.replayed).toBe(false);
    expect(standin.state().invoiceItems.map((item) => item.id)).toEqual([retried.id]);
  });

  it("429 with Retry-After: StripeRateLimitError, nothing saved", async () => {
    standin.faults.inject({ kind: "429", retryAfterSeconds: 7 });
    const error = await createItem("k1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(error).toMatchObject({
      statusCode: 429,
      headers: expect.objectContaining({ "retry-after": "7" }),
    });
    await createItem("k1");
    expect(standin.state().invoiceItems).toHaveLength(1);
  });

  it("timeout: StripeConnectionError for a client with a short timeout, not executed", async () => {
    const impatient = standin.stripe({ timeout: 100 });
    standin.faults.inject({ kind: "timeout", holdMs: 5_000, match: "POST /v1/invoiceitems" });
    const error = await createItem("k1", impatient).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(standin.state().invoiceItems).toHaveLength(0);
    expect(standin.requests.at(-1)).toMatchObject({ outcome: "held", executed: false });
  });

  it("drop_after_commit: the item exists, the client saw a connection error, a retry with the key returns it", async () => {
    // The SDK retries a reset connection once on its own (even with maxNetworkRetries 0),
    // so the drop is injected twice for the caller to see the error.
    standin.faults.inject({ kind: "drop_after_commit", times: 2, match: "POST /v1/invoiceitems" });
    const error = await createItem("tally:line:l1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(standin.state().invoiceItems).toHaveLength(1);
    const created = standin.state().invoiceItems[0];
    const retried = await createItem("tally:line:l1");
    expect(retried.id).toBe(created?.id);
    expect(standin.state().invoiceItems).toHaveLength(1);
    expect(
      standin.requests.filter((r) => r.path === "/v1/invoiceitems").map((r) => r.outcome),
    ).toEqual(["dropped", "dropped", "answered"]);
  });

  it("a single drop_after_commit is absorbed by the SDK's own retry with the same key", async () => {
    standin.faults.inject({ kind: "drop_after_commit", match: "POST /v1/invoiceitems" });
    const item = await createItem("tally:line:l1");
    expect(standin.state().invoiceItems.map((i) => i.id)).toEqual([item.id]);
    expect(standin.requests.at(-1)).toMatchObject({ replayed: true, status: 200 });
  });

  it("card_declined: StripeCardError with decline_code, saved under the key", async () => {
    standin.faults.inject({ kind: "card_declined", declineCode: "insufficient_funds" });
    const error = await createItem("k1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ statusCode: 402, decline_code: "insufficient_funds" });
    const replay = await createItem("k1").catch((e: unknown) => e);
    expect(replay).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(standin.state().invoiceItems).toHaveLength(0);
  });

  it("invalid_request: StripeInvalidRequestError naming the param", async () => {
    standin.faults.inject({ kind: "invalid_request", param: "amount", message: "Nope" });
    const error = await createItem("k1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, param: "amount", message: "Nope" });
  });

  it("match limits a fault to one method and path pattern", async () => {
    const invoice = await stripe.invoices.create({ customer: customerId });
    standin.faults.inject({ kind: "500", match: "POST /v1/invoices/*/finalize" });
    await createItem("k1");
    await stripe.invoices.retrieve(invoice.id);
    const error = await stripe.invoices.finalizeInvoice(invoice.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(standin.faults.fired.map((fault) => fault.path)).toEqual([
      `/v1/invoices/${invoice.id}/finalize`,
    ]);
  });

  it("random faults follow their seed, so a chaos run can be replayed", async () => {
    const run = async () => {
      standin.faults.clear();
      standin.faults.fired.length = 0;
      standin.faults.random({ rate: 0.5, kinds: ["500", "429"], seed: 42 });
      const outcomes: string[] = [];
      for (let index = 0; index < 20; index += 1) {
        const result = await stripe.customers.list().then(
          () => "ok",
          (error: { statusCode?: number }) => String(error.statusCode),
        );
        outcomes.push(result);
      }
      return outcomes;
    };
    const first = await run();
    const second = await run();
    expect(first).toEqual(second);
    expect(first).toContain("ok");
    expect(first.some((outcome) => outcome !== "ok")).toBe(true);
    standin.faults.clear();
  });

  it("refuses an unknown fault kind", () => {
    expect(() => standin.faults.inject({ kind: "502" as "500" })).toThrow(/Unknown fault kind/);
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After beyond the per-second limit and counts both", async () => {
    let nowMs = 1_700_000_000_000;
    const limited = await startStripeStandin({ rateLimitPerSecond: 3, clock: () => nowMs });
    try {
      const client = limited.stripe();
      for (let index = 0; index < 3; index += 1) {
        await client.customers.list();
      }
      const error = await client.customers.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
      expect(error).toMatchObject({ headers: expect.objectContaining({ "retry-after": "1" }) });
      expect(limited.rateLimit).toEqual({ accepted: 3, limited: 1 });
      nowMs += 1_000;
      await expect(client.customers.list()).resolves.toMatchObject({ object: "list" });
      expect(limited.rateLimit).toEqual({ accepted: 4, limited: 1 });
    } finally {
      await limited.close();
    }
  });
});
