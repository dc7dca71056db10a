import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StripeStandin } from "./server";
import { startStripeStandin } from "./server";

let standin: StripeStandin;
let stripe: Stripe;
let customerId: string;

beforeAll(async () => {
  standin = await startStripeStandin({ extraApiKeys: ["sk_test_second_key"] });
  stripe = standin.stripe();
});
afterAll(async () => {
  await standin.close();
});
beforeEach(async () => {
  standin.reset();
  customerId = (await stripe.customers.create({ name: "Ada" })).id;
});

function createItem(amount: number, key: string, client = stripe) {
  return client.invoiceItems.create(
    { customer: customerId, amount, currency: "usd", metadata: { tally_line_id: "line_1" } },
    { idempotencyKey: key },
  );
}

async function rawPost(path: string, body: string, key: string) {
  return fetch(`${standin.url}${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${standin.apiKey}`,
      "content-type": "application/x-www-form-urlencoded",
      "idempotency-key": key,
    },
    body,
  });
}

describe("idempotency keys", () => {
  it("replays the first response for the same key and parameters and creates nothing", async () => {
    const first = await createItem(1500, "tally:line:line_1");
    const second = await createItem(1500, "tally:line:line_1");
    expect(second).toEqual(first);
    expect(standin.state().invoiceItems).toHaveLength(1);
    expect(standin.requests.at(-1)).toMatchObject({ replayed: true, status: 200 });
    const response = await rawPost(
      "/v1/invoiceitems",
      `customer=${customerId}&amount=1500&currency=usd&metadata[tally_line_id]=line_1`,
      "tally:line:line_1",
    );
    expect(response.headers.get("idempotent-replayed")).toBe("true");
    expect(((await response.json()) as { id: string }).id).toBe(first.id);
  });

  it("treats parameters in another order as the same request", async () => {
    const a = await rawPost("/v1/customers", "name=Ada&email=a%40x.io", "k-order");
    const b = await rawPost("/v1/customers", "email=a%40x.io&name=Ada", "k-order");
    expect(b.headers.get("idempotent-replayed")).toBe("true");
    const [replayed, original] = [await b.json(), await a.json()] as Array<{ id: string }>;
    expect(replayed?.id).toBe(original?.id);
  });

  it("refuses the same key with a different amount with StripeIdempotencyError", async () => {
    await createItem(1500, "tally:line:line_1");
    const error = await createItem(1600, "tally:line:line_1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(standin.state().invoiceItems.map((item) => item.amount)).toEqual([1500]);
  });

  it("refuses the same key on another endpoint", async () => {
    await createItem(1500, "tally:shared");
    const error = await stripe.customers
      .create({ name: "x" }, { idempotencyKey: "tally:shared" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it("scopes keys per API key", async () => {
    const other = standin.stripe({ apiKey: "sk_test_second_key" });
    const mine = await createItem(1500, "tally:line:line_1");
    const theirs = await createItem(1600, "tally:line:line_1", other);
    expect(theirs.id).not.toBe(mine.id);
  });

  it("refuses keys longer than 255 characters and saves nothing", async () => {
    const error = await createItem(1500, "k".repeat(256)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(standin.state().invoiceItems).toHaveLength(0);
    await expect(createItem(1500, "k".repeat(255))).resolves.toMatchObject({ amount: 1500 });
  });

  it("does not save validation errors: the key stays usable", async () => {
    const invalid = await stripe.invoiceItems
      .create({ customer: customerId, amount: 12.5, currency: "usd" }, { idempotencyKey: "k-v" })
      .catch((e: unknown) => e);
    expect(invalid).toMatchObject({ statusCode: 400, param: "amount" });
    const valid = await stripe.invoiceItems.create(
      { customer: customerId, amount: 12, currency: "usd" },
      { idempotencyKey: "k-v" },
    );
    expect(valid.amount).toBe(12);
  });

  it("saves errors produced while executing and replays them", async () => {
    const missing = { customer: customerId, invoice: "in_missing", amount: 1, currency: "usd" };
    const first = await stripe.invoiceItems
      .create(missing, { idempotencyKey: "k-exec" })
      .catch((e: unknown) => e);
    expect(first).toMatchObject({ statusCode: 400, code: "resource_missing" });
    const second = await stripe.invoiceItems
      .create(missing, { idempotencyKey: "k-exec" })
      .catch((e: unknown) => e);
    expect(second).toMatchObject({
      statusCode: 400,
      code: "resource_missing",
      headers: expect.objectContaining({ "idempotent-replayed": "true" }),
    });
  });

  it("answers 409 to a request whose key is still executing, and saves nothing for it", async () => {
    standin.faults.inject({ kind: "delay", delayMs: 150, match: "POST /v1/invoiceitems" });
    const slow = createItem(1500, "tally:line:line_1");
    // The fault is taken in the same tick as the key is claimed, so once it has fired the
    // first request holds the key.
    while (standin.faults.fired.length === 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    const conflict = await createItem(1500, "tally:line:line_1").catch((e: unknown) => e);
    expect(conflict).toMatchObject({ statusCode: 409, rawType: "idempotency_error" });
    const first = await slow;
    expect(await createItem(1500, "tally:line:line_1")).toEqual(first);
    expect(standin.state().invoiceItems).toHaveLength(1);
  });

  it("forgets saved keys when asked, as Stripe does after its retention window", async () => {
    await createItem(1500, "tally:line:line_1");
    standin.forgetIdempotencyKeys();
    await createItem(1500, "tally:line:line_1");
    expect(standin.state().invoiceItems).toHaveLength(2);
  });
});

describe("requests refused before executing leave the key free", () => {
  it("does not save an authentication failure or a rate-limit refusal", async () => {
    const stranger = standin.stripe({ apiKey: "sk_test_unknown_key" });
    await expect(createItem(1, "k-free", stranger)).rejects.toBeInstanceOf(
      Stripe.errors.StripeAuthenticationError,
    );
    standin.faults.inject({ kind: "429" });
    await expect(createItem(2, "k-free")).rejects.toBeInstanceOf(
      Stripe.errors.StripeRateLimitError,
    );
    await expect(createItem(3, "k-free")).resolves.toMatchObject({ amount: 3 });
  });
});
