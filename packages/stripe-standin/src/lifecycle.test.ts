import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StripeStandin } from "./server";
import { startStripeStandin } from "./server";

let standin: StripeStandin;
let stripe: Stripe;

beforeAll(async () => {
  standin = await startStripeStandin();
  stripe = standin.stripe();
});
afterAll(async () => {
  await standin.close();
});
beforeEach(() => {
  standin.reset();
});

async function draftInvoiceFor(customerId: string) {
  return stripe.invoices.create({
    customer: customerId,
    collection_method: "send_invoice",
    days_until_due: 30,
    auto_advance: false,
    pending_invoice_items_behavior: "exclude",
    metadata: { tally_invoice_id: "inv_1" },
  });
}

/** One plain USD line on a draft invoice: most lifecycle tests need only its amount. */
function itemOnInvoice(customerId: string, invoiceId: string, amount: number) {
  return stripe.invoiceItems.create({
    customer: customerId,
    invoice: invoiceId,
    amount,
    currency: "usd",
  });
}

describe("customers", () => {
  it("creates, retrieves and lists customers with their metadata", async () => {
    const created = await stripe.customers.create({
      name: "Ada",
      email: "ada@example.com",
      metadata: { tally_account_id: "acc_1" },
    });
    expect(created).toMatchObject({
      object: "customer",
      livemode: false,
      name: "Ada",
      email: "ada@example.com",
      metadata: { tally_account_id: "acc_1" },
    });
    expect(created.id).toMatch(/^cus_/);
    expect(await stripe.customers.retrieve(created.id)).toEqual(created);
    const list = await stripe.customers.list({ limit: 10 });
    expect(list).toMatchObject({ object: "list", has_more: false, url: "/v1/customers" });
    expect(list.data.map((customer) => customer.id)).toEqual([created.id]);
  });

  it("pages newest first with starting_after and reports has_more", async () => {
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      ids.push((await stripe.customers.create({ name: `c${index}` })).id);
    }
    const first = await stripe.customers.list({ limit: 2 });
    expect(first.data.map((c) => c.id)).toEqual([ids[4], ids[3]]);
    expect(first.has_more).toBe(true);
    const second = await stripe.customers.list({ limit: 2, starting_after: ids[3] });
    expect(second.data.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    const all: string[] = [];
    for await (const customer of stripe.customers.list({ limit: 2 })) {
      all.push(customer.id);
    }
    expect(all).toEqual([...ids].reverse());
  });

  it("answers an unknown id with 404 resource_missing", async () => {
    const error = await stripe.customers.retrieve("cus_missing").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 404, code: "resource_missing" });
  });

  it("refuses an unknown parameter on create, naming it", async () => {
    const error = await stripe.customers
      .create({ name: "x", nickname: "y" } as Stripe.CustomerCreateParams)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, param: "nickname" });
    expect(standin.state().customers).toHaveLength(0);
  });

  it("refuses a missing or wrong API key with an authentication error", async () => {
    const wrong = standin.stripe({ apiKey: "sk_test_not_the_right_key" });
    const error = await wrong.customers.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    const response = await fetch(`${standin.url}/v1/customers`);
    expect(response.status).toBe(401);
    expect(response.headers.get("request-id")).toMatch(/^req_/);
    expect(await response.json()).toMatchObject({ error: { type: "authentication_error" } });
  });
});

describe("invoice lifecycle", () => {
  it("finalizes a draft holding only its own items: totals, number, hosted URL", async () => {
    const customer = await stripe.customers.create({ name: "Ben" });
    const pending = await stripe.invoiceItems.create({
      customer: customer.id,
      amount: 999,
      currency: "usd",
    });
    const invoice = await draftInvoiceFor(customer.id);
    expect(invoice).toMatchObject({ status: "draft", number: null, total: 0 });
    await stripe.invoiceItems.create({
      customer: customer.id,
      invoice: invoice.id,
      amount: 2900,
      currency: "usd",
      description: "Growth plan",
      metadata: { tally_line_id: "line_base" },
    });
    await stripe.invoiceItems.create({
      customer: customer.id,
      invoice: invoice.id,
      unit_amount_decimal: Stripe.Decimal.from("0.0825"),
      quantity: 1234,
      currency: "usd",
      description: "Voice minutes overage",
      metadata: { tally_line_id: "line_voice" },
    });
    const draft = await stripe.invoices.retrieve(invoice.id);
    // 0.0825 * 1234 = 101.805 cents, rounded half-up to 102.
    expect(draft.total).toBe(2900 + 102);

    const finalized = await stripe.invoices.finalizeInvoice(invoice.id);
    expect(finalized).toMatchObject({
      status: "open",
      number: "TALLY-0001",
      subtotal: 3002,
      total: 3002,
      amount_due: 3002,
      hosted_invoice_url: `${standin.url}/i/${invoice.id}`,
      metadata: { tally_invoice_id: "inv_1" },
    });
    expect(finalized.due_date).toBe((finalized.status_transitions.finalized_at ?? 0) + 30 * 86_400);
    expect(finalized.lines.data.map((line) => [line.amount, line.metadata.tally_line_id])).toEqual([
      [2900, "line_base"],
      [102, "line_voice"],
    ]);
    const pendingAfter = await stripe.invoiceItems.retrieve(pending.id);
    expect(pendingAfter.invoice).toBeNull();
    const page = await fetch(finalized.hosted_invoice_url ?? "");
    expect(await page.text()).toContain("TALLY-0001");

    const second = await draftInvoiceFor(customer.id);
    await itemOnInvoice(customer.id, second.id, 1);
    expect((await stripe.invoices.finalizeInvoice(second.id)).number).toBe("TALLY-0002");
  });

  it("marks a $0 invoice paid on finalization", async () => {
    const customer = await stripe.customers.create({});
    const invoice = await draftInvoiceFor(customer.id);
    await itemOnInvoice(customer.id, invoice.id, 0);
    const finalized = await stripe.invoices.finalizeInvoice(invoice.id);
    expect(finalized).toMatchObject({ status: "paid", total: 0, amount_due: 0 });
    expect(standin.events.map((event) => event.type)).toContain("invoice.paid");
  });

  it("pulls pending items in only with pending_invoice_items_behavior=include", async () => {
    const customer = await stripe.customers.create({});
    const item = await stripe.invoiceItems.create({
      customer: customer.id,
      amount: 500,
      currency: "usd",
    });
    const excluded = await draftInvoiceFor(customer.id);
    expect(excluded.lines.data).toHaveLength(0);
    const included = await stripe.invoices.create({
      customer: customer.id,
      pending_invoice_items_behavior: "include",
    });
    expect(included.total).toBe(500);
    expect((await stripe.invoiceItems.retrieve(item.id)).invoice).toBe(included.id);
  });

  it("moves through pay, void and mark_uncollectible only from allowed states", async () => {
    const customer = await stripe.customers.create({});
    const make = async () => {
      const invoice = await draftInvoiceFor(customer.id);
      await itemOnInvoice(customer.id, invoice.id, 700);
      return invoice;
    };
    const a = await make();
    const payDraft = await stripe.invoices.pay(a.id).catch((e: unknown) => e);
    expect(payDraft).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    await stripe.invoices.finalizeInvoice(a.id);
    expect((await stripe.invoices.pay(a.id)).status).toBe("paid");
    const voidPaid = await stripe.invoices.voidInvoice(a.id).catch((e: unknown) => e);
    expect(voidPaid).toMatchObject({ statusCode: 400, type: "StripeInvalidRequestError" });

    const b = await make();
    await stripe.invoices.finalizeInvoice(b.id);
    expect((await stripe.invoices.markUncollectible(b.id)).status).toBe("uncollectible");
    expect((await stripe.invoices.voidInvoice(b.id)).status).toBe("void");

    const finalizeTwice = await stripe.invoices.finalizeInvoice(b.id).catch((e: unknown) => e);
    expect(finalizeTwice).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(await stripe.invoices.retrieve("in_missing").catch((e: unknown) => e)).toMatchObject({
      statusCode: 404,
      code: "resource_missing",
    });
    expect(standin.events.map((event) => event.type)).toEqual(
      expect.arrayContaining(["invoice.paid", "invoice.marked_uncollectible", "invoice.voided"]),
    );
  });

  it("refuses items on a finalized invoice or another customer's invoice", async () => {
    const ada = await stripe.customers.create({});
    const ben = await stripe.customers.create({});
    const invoice = await draftInvoiceFor(ada.id);
    const foreign = await stripe.invoiceItems
      .create({ customer: ben.id, invoice: invoice.id, amount: 1, currency: "usd" })
      .catch((e: unknown) => e);
    expect(foreign).toMatchObject({ statusCode: 400, param: "invoice" });
    await itemOnInvoice(ada.id, invoice.id, 1);
    await stripe.invoices.finalizeInvoice(invoice.id);
    const late = await stripe.invoiceItems
      .create({ customer: ada.id, invoice: invoice.id, amount: 1, currency: "usd" })
      .catch((e: unknown) => e);
    expect(late).toMatchObject({ statusCode: 400, param: "invoice" });
    const missingCustomer = await stripe.invoiceItems
      .create({ customer: "cus_nobody", amount: 1, currency: "usd" })
      .catch((e: unknown) => e);
    expect(missingCustomer).toMatchObject({ statusCode: 400, code: "resource_missing" });
  });

  it("deletes items only while pending or on a draft", async () => {
    const customer = await stripe.customers.create({});
    const invoice = await draftInvoiceFor(customer.id);
    const item = await itemOnInvoice(customer.id, invoice.id, 10);
    const kept = await itemOnInvoice(customer.id, invoice.id, 20);
    expect(await stripe.invoiceItems.del(item.id)).toMatchObject({ id: item.id, deleted: true });
    const finalized = await stripe.invoices.finalizeInvoice(invoice.id);
    expect(finalized.total).toBe(20);
    const refused = await stripe.invoiceItems.del(kept.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it("filters and pages invoice items and embeds only ten lines with has_more", async () => {
    const customer = await stripe.customers.create({});
    const invoice = await draftInvoiceFor(customer.id);
    for (let index = 0; index < 12; index += 1) {
      await stripe.invoiceItems.create({
        customer: customer.id,
        invoice: invoice.id,
        amount: 100 + index,
        currency: "usd",
        metadata: { tally_line_id: `line_${index}` },
      });
    }
    await stripe.invoiceItems.create({ customer: customer.id, amount: 5, currency: "usd" });
    const onInvoice = await stripe.invoiceItems.list({ invoice: invoice.id, limit: 100 });
    expect(onInvoice.data).toHaveLength(12);
    const pending = await stripe.invoiceItems.list({ customer: customer.id, pending: true });
    expect(pending.data.map((item) => item.amount)).toEqual([5]);
    const retrieved = await stripe.invoices.retrieve(invoice.id);
    expect(retrieved.lines.data).toHaveLength(10);
    expect(retrieved.lines.has_more).toBe(true);
    const lines: number[] = [];
    for await (const line of stripe.invoices.listLineItems(invoice.id, { limit: 5 })) {
      lines.push(line.amount);
    }
    expect(lines).toEqual(Array.from({ length: 12 }, (_, index) => 100 + index));
    const badLimit = await stripe.invoiceItems.list({ limit: 101 }).catch((e: unknown) => e);
    expect(badLimit).toMatchObject({ statusCode: 400, param: "limit" });
  });

  it("lists invoices by customer and status", async () => {
    const ada = await stripe.customers.create({});
    const ben = await stripe.customers.create({});
    const a = await draftInvoiceFor(ada.id);
    await draftInvoiceFor(ben.id);
    await itemOnInvoice(ada.id, a.id, 3);
    await stripe.invoices.finalizeInvoice(a.id);
    const open = await stripe.invoices.list({ status: "open" });
    expect(open.data.map((invoice) => invoice.id)).toEqual([a.id]);
    const bens = await stripe.invoices.list({ customer: ben.id });
    expect(bens.data).toHaveLength(1);
    expect(bens.data[0]?.status).toBe("draft");
  });
});

describe("tampering helpers", () => {
  it("show up in list endpoints even on finalized invoices", async () => {
    const customer = await stripe.customers.create({});
    const invoice = await draftInvoiceFor(customer.id);
    const a = await itemOnInvoice(customer.id, invoice.id, 100);
    const b = await itemOnInvoice(customer.id, invoice.id, 200);
    await stripe.invoices.finalizeInvoice(invoice.id);
    standin.deleteInvoiceItem(a.id);
    standin.setInvoiceItemAmount(b.id, 250);
    const items = await stripe.invoiceItems.list({ invoice: invoice.id });
    expect(items.data.map((item) => [item.id, item.amount])).toEqual([[b.id, 250]]);
    const lines = await stripe.invoices.listLineItems(invoice.id);
    expect(lines.data.map((line) => line.amount)).toEqual([250]);
    // A finalized invoice keeps the total Stripe computed when it was finalized.
    expect((await stripe.invoices.retrieve(invoice.id)).total).toBe(300);
    expect(standin.state().invoiceItems.map((item) => item.amount)).toEqual([250]);
    expect(() => standin.setInvoiceItemAmount(b.id, 1.5)).toThrow();
    expect(() => standin.deleteInvoiceItem("ii_missing")).toThrow();
  });
});
