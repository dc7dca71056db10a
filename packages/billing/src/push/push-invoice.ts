import {
  accounts,
  type Database,
  type Invoice,
  type InvoiceLine,
  invoiceLines,
  invoices,
} from "@tally/db";
import type { JobsLogger } from "@tally/metering";
import { and, eq, sql } from "drizzle-orm";
import { BillingError, isBillingError } from "../errors";
import { idempotencyKey } from "../stripe/idempotency-keys";
import type { StripeGateway, StripeInvoiceSnapshot } from "../stripe/stripe-gateway";
import { ensureCustomer } from "./ensure-customer";
import { ensureStripeInvoice } from "./ensure-stripe-invoice";
import { markAttention } from "./mark-attention";
import { pushLines } from "./push-lines";

export interface PushInvoiceInput {
  invoiceId: string;
  now: Date;
  /** Days the customer has to pay a sent invoice. */
  daysUntilDue?: number;
  logger?: JobsLogger;
}

/**
 * - `sent`: this push finalized the invoice in Stripe (or found it finalized) and stored it.
 * - `already_sent`: nothing to do, an earlier push or a webhook got there first.
 * - `skipped`: not an invoice to push (nothing to charge, or parked for an operator).
 * - `attention`: Stripe's total disagrees with the ledger's, or the ledger with itself; the
 *   invoice is parked with `last_error`.
 */
export type PushOutcome = "sent" | "already_sent" | "skipped" | "attention";

export interface PushInvoiceResult {
  outcome: PushOutcome;
  invoice: Invoice;
  itemsCreated: number;
  itemsAdopted: number;
}

const DEFAULT_DAYS_UNTIL_DUE = 30;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const silentLogger: JobsLogger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * Mirrors one closed invoice to Stripe: the customer, a draft holding only this invoice's items,
 * one item per line with an amount, then finalization. Every step is keyed by its ledger row and
 * stored as soon as Stripe answers, so a crash or an outage anywhere, followed by another push,
 * ends with exactly one Stripe item per line. Any number of pushes of the same invoice may run at
 * once: they send the same keys and so get the same objects.
 *
 * When Stripe refuses a request for good (a card or validation error) or the ledger and Stripe
 * disagree about a row (an idempotency conflict), the invoice is parked as `attention` with
 * `last_error` and the BillingError is thrown: it is never retried silently.
 */
export async function pushInvoice(
  db: Database,
  gateway: StripeGateway,
  input: PushInvoiceInput,
): Promise<PushInvoiceResult> {
  const { invoiceId, now } = input;
  const logger = input.logger ?? silentLogger;
  const daysUntilDue = input.daysUntilDue ?? DEFAULT_DAYS_UNTIL_DUE;
  if (!UUID.test(invoiceId)) {
    throw new BillingError("invalid_input", `invoiceId must be a UUID, got "${invoiceId}"`, {
      invoiceId,
    });
  }
  if (!Number.isInteger(daysUntilDue) || daysUntilDue < 0) {
    throw new BillingError("invalid_input", "daysUntilDue must be a whole number of days", {
      daysUntilDue,
    });
  }
  const invoice = await loadInvoice(db, invoiceId);
  const result = (outcome: PushOutcome, counts = { created: 0, adopted: 0 }, row = invoice) => ({
    outcome,
    invoice: row,
    itemsCreated: counts.created,
    itemsAdopted: counts.adopted,
  });
  if (invoice.status !== "draft") {
    return result(invoice.sentAt ? "already_sent" : "skipped");
  }
  if (invoice.totalCents === 0) return result("skipped");

  const lines = await loadLines(db, invoiceId);
  const ledgerCents = lines.reduce((sum, line) => sum + line.amountCents, 0);
  if (ledgerCents !== invoice.totalCents) {
    const lastError = `The invoice total is ${invoice.totalCents} cents but its lines add up to ${ledgerCents}; not sent`;
    logger.error({ invoiceId, accountId: invoice.accountId, lastError }, "invoice needs attention");
    return result(
      "attention",
      undefined,
      (await markAttention(db, { invoiceId, lastError })) ?? invoice,
    );
  }

  try {
    const [account] = await db.select().from(accounts).where(eq(accounts.id, invoice.accountId));
    if (!account) throw new Error(`Invoice ${invoiceId} belongs to a missing account`);
    const customer = await ensureCustomer(db, gateway, account);
    const { stripeInvoice, resumed } = await ensureStripeInvoice(db, gateway, {
      invoice,
      customerId: customer.customerId,
      mayExist: !customer.created,
      daysUntilDue,
    });
    let counts = { created: 0, adopted: 0 };
    let finalized: StripeInvoiceSnapshot = stripeInvoice;
    if (stripeInvoice.status === "draft") {
      counts = await pushLines(db, gateway, {
        invoice,
        lines,
        customerId: customer.customerId,
        stripeInvoiceId: stripeInvoice.id,
        resumed,
        now,
      });
      finalized = await gateway.finalizeInvoice(
        stripeInvoice.id,
        idempotencyKey("finalize", invoiceId),
      );
    }
    const sent = await recordSent(db, invoiceId, finalized, now);

    if (finalized.totalCents !== invoice.totalCents || finalized.currency !== invoice.currency) {
      const lastError = `Stripe invoice ${finalized.id} totals ${finalized.totalCents} ${finalized.currency}, but the ledger says ${invoice.totalCents} ${invoice.currency}`;
      logger.error(
        { invoiceId, accountId: invoice.accountId, stripeInvoiceId: finalized.id, lastError },
        "Stripe total differs from the ledger",
      );
      const parked = await markAttention(db, { invoiceId, lastError });
      return result("attention", counts, parked ?? sent);
    }
    logger.info(
      { invoiceId, accountId: invoice.accountId, stripeInvoiceId: finalized.id, ...counts },
      "invoice sent to Stripe",
    );
    return result("sent", counts, sent);
  } catch (error) {
    if (
      isBillingError(error, "stripe_idempotency_conflict") ||
      isBillingError(error, "stripe_rejected")
    ) {
      logger.error(
        {
          invoiceId,
          accountId: invoice.accountId,
          code: error.code,
          details: error.details,
          err: error,
        },
        "invoice needs attention",
      );
      await markAttention(db, { invoiceId, lastError: error.message });
    }
    throw error;
  }
}

async function loadInvoice(db: Database, invoiceId: string): Promise<Invoice> {
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
  if (!invoice) {
    throw new BillingError("not_found", `No invoice ${invoiceId}`, { invoiceId });
  }
  return invoice;
}

const KIND_ORDER = { base: 0, seats: 1, overage: 2 } as const;

/** The lines in the order a customer reads them: plan, seats, then overage by period and meter. */
async function loadLines(db: Database, invoiceId: string): Promise<InvoiceLine[]> {
  const lines = await db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId));
  return lines.sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      a.periodStart.getTime() - b.periodStart.getTime() ||
      (a.meterId ?? "").localeCompare(b.meterId ?? "") ||
      a.id.localeCompare(b.id),
  );
}

/**
 * Stores what finalization made public: the number, the hosted page, and `open`. Only a draft
 * becomes open; a webhook that already reported the invoice paid or void keeps its status.
 */
async function recordSent(
  db: Database,
  invoiceId: string,
  finalized: StripeInvoiceSnapshot,
  now: Date,
): Promise<Invoice> {
  const published = {
    stripeInvoiceNumber: finalized.number,
    hostedInvoiceUrl: finalized.hostedInvoiceUrl,
  };
  const [opened] = await db
    .update(invoices)
    .set({ ...published, status: "open", sentAt: now, lastError: null })
    .where(and(eq(invoices.id, invoiceId), eq(invoices.status, "draft")))
    .returning();
  if (opened) return opened;
  const [current] = await db
    .update(invoices)
    .set({
      ...published,
      sentAt: sql`coalesce(${invoices.sentAt}, ${now.toISOString()}::timestamptz)`,
    })
    .where(eq(invoices.id, invoiceId))
    .returning();
  if (!current) throw new Error(`Invoice ${invoiceId} vanished while pushing`);
  return current;
}
