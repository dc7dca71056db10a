import { type StripeStandin, startStripeStandin } from "@tally/stripe-standin";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isBillingError } from "../errors";
import { recordingLogger, standinGateway } from "../push/test-fixtures";
import { createStripeGateway } from "./create-stripe-gateway";

let standin: StripeStandin;
beforeAll(async () => {
  standin = await startStripeStandin();
});
afterAll(() => standin?.close());
beforeEach(() => standin.reset());

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("the Stripe gateway, against the stand-in through the real SDK", () => {
  it("surfaces a key reused with other parameters as a conflict, logged as an error", async () => {
    const logger = recordingLogger();
    const gateway = standinGateway(standin, { logger });
    const customer = await gateway.createCustomer({
      accountId: "acct-1",
      name: "Ada",
      idempotencyKey: "tally:customer:acct-1",
    });
    const invoice = await gateway.createInvoice({
      customerId: customer.id,
      currency: "usd",
      daysUntilDue: 30,
      description: "January",
      metadata: { tally_account_id: "acct-1", tally_invoice_id: "inv-1" },
      idempotencyKey: "tally:invoice:inv-1",
    });
    const item = {
      customerId: customer.id,
      stripeInvoiceId: invoice.id,
      currency: "usd",
      description: "Overage",
      period: { start: new Date("2026-01-01T00:00:00Z"), end: new Date("2026-02-01T00:00:00Z") },
      metadata: { tally_account_id: "acct-1", tally_line_id: "line-1" },
      idempotencyKey: "tally:line:line-1",
    };
    const first = await gateway.createInvoiceItem({ ...item, amountCents: 500 });
    // The same key and parameters: Stripe's first answer, not a second item.
    const replay = await gateway.createInvoiceItem({ ...item, amountCents: 500 });
    expect(replay.id).toBe(first.id);

    const error = await caught(gateway.createInvoiceItem({ ...item, amountCents: 700 }));
    expect(isBillingError(error, "stripe_idempotency_conflict")).toBe(true);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: "error", message: "Stripe idempotency conflict" }),
    );
    expect(await gateway.listInvoiceItems(invoice.id)).toHaveLength(1);
  });

  it("never retries a refusal: one request, a stripe_rejected error", async () => {
    const gateway = standinGateway(standin);
    standin.faults.inject({ kind: "card_declined", match: "POST /v1/customers" });
    const error = await caught(
      gateway.createCustomer({ accountId: "a", name: "A", idempotencyKey: "tally:customer:a" }),
    );
    expect(isBillingError(error, "stripe_rejected")).toBe(true);
    expect(standin.requests.filter((request) => request.path === "/v1/customers")).toHaveLength(1);
  });

  it("gives up after maxAttempts on a lasting outage, without calling it the invoice's fault", async () => {
    const gateway = standinGateway(standin, { maxAttempts: 3 });
    standin.faults.inject({ kind: "500", match: "POST /v1/customers", times: 10 });
    const error = await caught(
      gateway.createCustomer({ accountId: "b", name: "B", idempotencyKey: "tally:customer:b" }),
    );
    expect(error).toBeInstanceOf(Error);
    expect(isBillingError(error)).toBe(false);
    expect(String(error)).toMatch(/failed after 3 attempts/);
    expect(standin.requests.filter((request) => request.path === "/v1/customers")).toHaveLength(3);
  });

  it("pages through every item of a large invoice", async () => {
    const gateway = standinGateway(standin);
    const customer = await gateway.createCustomer({
      accountId: "c",
      name: "C",
      idempotencyKey: "tally:customer:c",
    });
    const invoice = await gateway.createInvoice({
      customerId: customer.id,
      currency: "usd",
      daysUntilDue: 30,
      description: "many lines",
      metadata: { tally_account_id: "c", tally_invoice_id: "inv-c" },
      idempotencyKey: "tally:invoice:inv-c",
    });
    for (let index = 0; index < 130; index += 1) {
      await gateway.createInvoiceItem({
        customerId: customer.id,
        stripeInvoiceId: invoice.id,
        amountCents: index + 1,
        currency: "usd",
        description: `line ${index}`,
        period: { start: new Date(0), end: new Date(1000) },
        metadata: { tally_account_id: "c", tally_line_id: `line-${index}` },
        idempotencyKey: `tally:line:c-${index}`,
      });
    }
    const items = await gateway.listInvoiceItems(invoice.id);
    expect(new Set(items.map((item) => item.id)).size).toBe(130);
    expect(await gateway.findInvoiceByTallyId(customer.id, "inv-c")).toMatchObject({
      id: invoice.id,
    });
    expect(await gateway.findInvoiceByTallyId(customer.id, "inv-other")).toBeNull();
  });

  it("refuses bad settings with clear errors", () => {
    expect(() => createStripeGateway({ secretKey: " ", maxRequestsPerSecond: 1 })).toThrow(/empty/);
    expect(() =>
      createStripeGateway({ secretKey: "sk_test_x", apiBase: "ftp://x", maxRequestsPerSecond: 1 }),
    ).toThrow(/http or https/);
    expect(() => createStripeGateway({ secretKey: "sk_test_x", maxRequestsPerSecond: 0 })).toThrow(
      /positive/,
    );
    expect(() =>
      createStripeGateway({ secretKey: "sk_test_x", maxRequestsPerSecond: 1, maxAttempts: 0 }),
    ).toThrow(/maxAttempts/);
  });
});
