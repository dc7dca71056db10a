import { accounts, type InvoiceLine, invoiceLines, invoices } from "@tally/db";
import type { FaultKind } from "@tally/stripe-standin";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { isBillingError } from "../errors";
import { pushInvoice } from "./push-invoice";
import { pushPendingInvoices } from "./push-pending-invoices";
import {
  AFTER,
  closedGrowthInvoice,
  pushDyingAt,
  recordingLogger,
  standinGateway,
  stripeSideOf,
  useBillingTestBed,
} from "./test-fixtures";

const bed = useBillingTestBed();

async function ledger(invoiceId: string) {
  const [invoice] = await bed.db.select().from(invoices).where(eq(invoices.id, invoiceId));
  const lines = await bed.db
    .select()
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, invoiceId));
  if (!invoice) throw new Error("no invoice");
  return { invoice, lines };
}

/** The guarantee every push test ends on: Stripe bills exactly the ledger, once per line. */
async function expectStripeMatchesLedger(invoiceId: string) {
  const { invoice, lines } = await ledger(invoiceId);
  const { stripeInvoices, items } = stripeSideOf(bed.standin, invoiceId);
  expect(stripeInvoices).toHaveLength(1);
  const [stripeInvoice] = stripeInvoices;
  const payable = lines.filter((line) => line.amountCents > 0);
  expect(items.map((item) => item.metadata.tally_line_id).sort()).toEqual(
    payable.map((line) => line.id).sort(),
  );
  for (const line of payable) {
    const item = items.find((candidate) => candidate.metadata.tally_line_id === line.id);
    expect(item?.amount).toBe(line.amountCents);
    expect(item?.id).toBe(line.stripeInvoiceItemId);
    expect(item?.invoice).toBe(stripeInvoice?.id);
  }
  expect(stripeInvoice?.total).toBe(invoice.totalCents);
  expect(stripeInvoice?.status).toBe("open");
  expect(invoice.status).toBe("open");
  expect(invoice.stripeInvoiceId).toBe(stripeInvoice?.id);
  expect(invoice.stripeInvoiceNumber).toBe(stripeInvoice?.number);
  expect(invoice.hostedInvoiceUrl).toBe(stripeInvoice?.hosted_invoice_url);
  expect(invoice.sentAt).not.toBeNull();
  const customers = bed.standin
    .state()
    .customers.filter((customer) => customer.metadata.tally_account_id === invoice.accountId);
  expect(customers).toHaveLength(1);
  const [account] = await bed.db.select().from(accounts).where(eq(accounts.id, invoice.accountId));
  expect(account?.stripeCustomerId).toBe(customers[0]?.id);
}

function posts(): number {
  return bed.standin.requests.filter((request) => request.method === "POST").length;
}

/** `pushDyingAt`, checking that the push failed the way a crash at that step makes it fail. */
async function crashPushAt(step: string, invoiceId: string) {
  const thrown = await pushDyingAt(bed, step, invoiceId);
  expect(thrown).toBeInstanceOf(Error);
  expect(String(thrown)).toMatch(/failed after 1 attempts/);
}

describe("pushInvoice", () => {
  it("creates exactly one Stripe item per ledger line with an amount, totalling the ledger to the cent", async () => {
    const { invoice, lines } = await closedGrowthInvoice(bed.db, {
      extraVoiceSeconds: 601,
      extraCoachCalls: 2,
    });
    // Base $79, 11 started minutes at 8 cents, 2 calls at $25.
    expect(lines.map((line: InvoiceLine) => line.amountCents).sort((a, b) => a - b)).toEqual([
      88, 5000, 7900,
    ]);
    const result = await pushInvoice(bed.db, standinGateway(bed.standin), {
      invoiceId: invoice.id,
      now: AFTER,
    });
    expect(result).toMatchObject({ outcome: "sent", itemsCreated: 3, itemsAdopted: 0 });
    await expectStripeMatchesLedger(invoice.id);
    const pushed = await ledger(invoice.id);
    expect(pushed.lines.every((line) => line.pushedAt !== null)).toBe(true);
  });

  it("pushes nothing new when run again", async () => {
    const { invoice } = await closedGrowthInvoice(bed.db, { extraCoachCalls: 1 });
    const gateway = standinGateway(bed.standin);
    await pushInvoice(bed.db, gateway, { invoiceId: invoice.id, now: AFTER });
    const before = posts();
    const again = await pushInvoice(bed.db, gateway, { invoiceId: invoice.id, now: AFTER });
    expect(again.outcome).toBe("already_sent");
    expect(posts()).toBe(before);
    await expectStripeMatchesLedger(invoice.id);
  });

  const steps = [
    "POST /v1/customers",
    "POST /v1/invoices",
    "POST /v1/invoiceitems",
    "POST /v1/invoices/*/finalize",
  ];
  const transient: FaultKind[] = ["500", "429", "timeout", "drop_after_commit"];
  for (const kind of transient) {
    for (const step of steps) {
      it(`ends with exactly one item per line after a ${kind} at ${step}`, async () => {
        const { invoice } = await closedGrowthInvoice(bed.db, {
          extraVoiceSeconds: 60,
          extraCoachCalls: 1,
        });
        const logger = recordingLogger();
        bed.standin.faults.inject({
          kind,
          match: step,
          times: 2,
          retryAfterSeconds: 1,
          holdMs: 2_000,
        });
        const result = await pushInvoice(bed.db, standinGateway(bed.standin, { logger }), {
          invoiceId: invoice.id,
          now: AFTER,
        });
        expect(result.outcome).toBe("sent");
        await expectStripeMatchesLedger(invoice.id);
        const fired = bed.standin.faults.fired.filter((fault) => fault.kind === kind);
        expect(fired.length).toBeGreaterThanOrEqual(2);
        bed.standin.faults.fired.length = 0;
        if (kind === "429") {
          // Retry-After: 1 is honoured: no retry came sooner than the server asked.
          const retries = logger.lines.filter(
            (line) => line.message === "Stripe request will be retried",
          );
          expect(retries).toHaveLength(2);
          for (const retry of retries) expect(retry.details.delayMs).toBeGreaterThanOrEqual(1000);
        }
      });
    }
  }

  describe("after a crash at each step, with Stripe's idempotency keys long expired", () => {
    // `crashPushAt` plays the crashed process; forgetting the keys plays the day passing.
    // A lost customer is the exception: Stripe cannot look customers up by metadata reliably, so
    // only the key (kept 24 h) finds it again; see the next test for that window.
    for (const step of steps.filter((path) => path !== "POST /v1/customers")) {
      it(`re-runs into exactly one item per line when the answer to ${step} was lost`, async () => {
        const { invoice } = await closedGrowthInvoice(bed.db, {
          extraVoiceSeconds: 120,
          extraCoachCalls: 3,
        });
        await crashPushAt(step, invoice.id);
        expect((await ledger(invoice.id)).invoice.status).toBe("draft");
        bed.standin.forgetIdempotencyKeys();

        const result = await pushInvoice(bed.db, standinGateway(bed.standin), {
          invoiceId: invoice.id,
          now: AFTER,
        });
        expect(result.outcome).toBe("sent");
        await expectStripeMatchesLedger(invoice.id);
      });
    }

    it("finds the same customer again when its answer was lost within the key's retention", async () => {
      const { invoice } = await closedGrowthInvoice(bed.db, { extraCoachCalls: 1 });
      await crashPushAt("POST /v1/customers", invoice.id);
      await pushInvoice(bed.db, standinGateway(bed.standin), { invoiceId: invoice.id, now: AFTER });
      await expectStripeMatchesLedger(invoice.id);
    });

    it("does not finalize twice when the finalized invoice's answer was lost", async () => {
      const { invoice } = await closedGrowthInvoice(bed.db, { extraCoachCalls: 1 });
      await crashPushAt("POST /v1/invoices/*/finalize", invoice.id);
      bed.standin.forgetIdempotencyKeys();
      const finalizes = () =>
        bed.standin.requests.filter((request) => /\/finalize$/.test(request.path)).length;
      const before = finalizes();
      await pushInvoice(bed.db, standinGateway(bed.standin), { invoiceId: invoice.id, now: AFTER });
      expect(finalizes()).toBe(before);
      await expectStripeMatchesLedger(invoice.id);
    });
  });

  it("raises an idempotency conflict loudly and parks the invoice when a line changed after a partial push", async () => {
    const { invoice, lines } = await closedGrowthInvoice(bed.db, { extraCoachCalls: 2 });
    const base = lines.find((line) => line.kind === "base");
    if (!base) throw new Error("no base line");
    // The first item (the base line's) reaches Stripe, but the push dies before storing its id.
    await crashPushAt("POST /v1/invoiceitems", invoice.id);
    // Then the ledger line changes: Stripe and the ledger now disagree about what the line is.
    await bed.db
      .update(invoiceLines)
      .set({ amountCents: 7000 })
      .where(eq(invoiceLines.id, base.id));
    await bed.db
      .update(invoices)
      .set({ subtotalCents: invoice.totalCents - 900, totalCents: invoice.totalCents - 900 })
      .where(eq(invoices.id, invoice.id));

    const logger = recordingLogger();
    const error = await pushInvoice(bed.db, standinGateway(bed.standin, { logger }), {
      invoiceId: invoice.id,
      now: AFTER,
      logger,
    }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(isBillingError(error, "stripe_idempotency_conflict")).toBe(true);
    const parked = (await ledger(invoice.id)).invoice;
    expect(parked.status).toBe("attention");
    expect(parked.lastError).toMatch(/is 7900 usd, but the ledger says 7000/);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: "error", message: "invoice needs attention" }),
    );
    // Nothing was finalized behind the operator's back.
    expect(stripeSideOf(bed.standin, invoice.id).stripeInvoices[0]?.status).toBe("draft");
  });

  it("parks the invoice with Stripe's message when a card is declined", async () => {
    const { invoice } = await closedGrowthInvoice(bed.db, { extraCoachCalls: 1 });
    bed.standin.faults.inject({
      kind: "card_declined",
      match: "POST /v1/invoices/*/finalize",
      message: "Your card was declined.",
    });
    const error = await pushInvoice(bed.db, standinGateway(bed.standin), {
      invoiceId: invoice.id,
      now: AFTER,
    }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(isBillingError(error, "stripe_rejected")).toBe(true);
    const parked = (await ledger(invoice.id)).invoice;
    expect(parked.status).toBe("attention");
    expect(parked.lastError).toMatch(/Your card was declined/);
    // Parked invoices are left for the operator, not pushed again by the next run.
    const again = await pushInvoice(bed.db, standinGateway(bed.standin), {
      invoiceId: invoice.id,
      now: AFTER,
    });
    expect(again.outcome).toBe("skipped");
  });

  it("parks the invoice on a validation error, after a single request", async () => {
    const { invoice } = await closedGrowthInvoice(bed.db, { extraCoachCalls: 1 });
    bed.standin.faults.inject({
      kind: "invalid_request",
      match: "POST /v1/invoiceitems",
      param: "amount",
    });
    const before = bed.standin.requests.length;
    await expect(
      pushInvoice(bed.db, standinGateway(bed.standin), { invoiceId: invoice.id, now: AFTER }),
    ).rejects.toSatisfy((error: unknown) => isBillingError(error, "stripe_rejected"));
    const itemPosts = bed.standin.requests
      .slice(before)
      .filter((request) => request.method === "POST" && request.path === "/v1/invoiceitems");
    expect(itemPosts).toHaveLength(1);
    expect((await ledger(invoice.id)).invoice.status).toBe("attention");
  });

  it("gives two concurrent pushes of one invoice the same Stripe objects", async () => {
    const { invoice } = await closedGrowthInvoice(bed.db, {
      extraVoiceSeconds: 30,
      extraCoachCalls: 4,
    });
    const results = await Promise.all([
      pushInvoice(bed.db, standinGateway(bed.standin), { invoiceId: invoice.id, now: AFTER }),
      pushInvoice(bed.db, standinGateway(bed.standin), { invoiceId: invoice.id, now: AFTER }),
    ]);
    expect(results.map((result) => result.outcome)).toContain("sent");
    await expectStripeMatchesLedger(invoice.id);
  });

  it("refuses an invoice id that is not a UUID, and an unknown one", async () => {
    const gateway = standinGateway(bed.standin);
    await expect(
      pushInvoice(bed.db, gateway, { invoiceId: "in_123", now: AFTER }),
    ).rejects.toSatisfy((error: unknown) => isBillingError(error, "invalid_input"));
    await expect(
      pushInvoice(bed.db, gateway, {
        invoiceId: "00000000-0000-4000-8000-000000000000",
        now: AFTER,
      }),
    ).rejects.toSatisfy((error: unknown) => isBillingError(error, "not_found"));
  });
});

describe("pushPendingInvoices", () => {
  it("sends every draft, parks a refused one and keeps going", async () => {
    // Earlier tests leave drafts behind; push them out of the way first.
    await pushPendingInvoices(bed.db, standinGateway(bed.standin), { now: AFTER, limit: 1000 });
    const good = await Promise.all([
      closedGrowthInvoice(bed.db, { extraCoachCalls: 1 }),
      closedGrowthInvoice(bed.db, { extraVoiceSeconds: 59 }),
      closedGrowthInvoice(bed.db),
    ]);
    // Its Stripe customer was deleted in the dashboard: Stripe refuses to invoice it.
    const refused = await closedGrowthInvoice(bed.db);
    await bed.db
      .update(accounts)
      .set({ stripeCustomerId: "cus_deleted_in_dashboard" })
      .where(eq(accounts.id, refused.invoice.accountId));
    const result = await pushPendingInvoices(bed.db, standinGateway(bed.standin), {
      now: AFTER,
      limit: 100,
      concurrency: 1,
    });
    expect(result.selected).toBe(4);
    expect(result.attention).toHaveLength(1);
    expect(result.failed).toHaveLength(0);
    expect(result.sent).toHaveLength(3);
    for (const { invoice } of good) await expectStripeMatchesLedger(invoice.id);
    const again = await pushPendingInvoices(bed.db, standinGateway(bed.standin), {
      now: AFTER,
      limit: 100,
    });
    expect(again.selected).toBe(0);
  });

  it("refuses a limit below one", async () => {
    await expect(
      pushPendingInvoices(bed.db, standinGateway(bed.standin), { now: AFTER, limit: 0 }),
    ).rejects.toSatisfy((error: unknown) => isBillingError(error, "invalid_input"));
  });
});
