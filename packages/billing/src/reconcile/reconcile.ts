import { type Database, type InvoiceLine, invoiceLines, invoices } from "@tally/db";
import { and, asc, eq, gte, isNotNull, lt, ne } from "drizzle-orm";
import { BillingError } from "../errors";
import type { StripeGateway, StripeInvoiceItemSnapshot } from "../stripe/stripe-gateway";

export interface ReconcileInput {
  /** Invoices whose period ends in `[from, to)` are compared. */
  from: Date;
  to: Date;
  /** Stripe invoices listed at once; the gateway's pacer keeps the request rate. */
  concurrency?: number;
}

/**
 * - `missing`: a ledger line with an amount has no item in Stripe.
 * - `extra`: Stripe holds an item that no ledger line accounts for.
 * - `amount_mismatch`: both exist, with different amounts.
 */
export interface Drift {
  kind: "missing" | "extra" | "amount_mismatch";
  accountId: string;
  invoiceId: string;
  lineId: string | null;
  stripeInvoiceItemId: string | null;
  ledgerCents: number | null;
  stripeCents: number | null;
}

export interface ReconcileResult {
  checkedInvoices: number;
  drift: Drift[];
}

const DEFAULT_CONCURRENCY = 4;

/**
 * Compares the ledger with Stripe, line by item, for every invoice that was sent (it has a Stripe
 * invoice and is no longer a draft being pushed). An empty `drift` means Stripe bills exactly what
 * the ledger says, to the cent.
 */
export async function reconcile(
  db: Database,
  gateway: StripeGateway,
  input: ReconcileInput,
): Promise<ReconcileResult> {
  const { from, to } = input;
  const concurrency = input.concurrency ?? DEFAULT_CONCURRENCY;
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
    throw new BillingError("invalid_input", "from and to must be valid dates");
  }
  if (from >= to) {
    throw new BillingError("invalid_input", "from must be before to", {
      from: from.toISOString(),
      to: to.toISOString(),
    });
  }
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new BillingError("invalid_input", "concurrency must be a whole number of at least 1", {
      concurrency,
    });
  }

  const sent = await db
    .select()
    .from(invoices)
    .where(
      and(
        gte(invoices.periodEnd, from),
        lt(invoices.periodEnd, to),
        isNotNull(invoices.stripeInvoiceId),
        ne(invoices.status, "draft"),
      ),
    )
    .orderBy(asc(invoices.periodEnd), asc(invoices.id));

  const drift: Drift[] = [];
  let next = 0;
  async function worker(): Promise<void> {
    for (let invoice = sent[next++]; invoice; invoice = sent[next++]) {
      const { stripeInvoiceId } = invoice;
      if (!stripeInvoiceId) continue;
      const [lines, items] = await Promise.all([
        db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)),
        gateway.listInvoiceItems(stripeInvoiceId),
      ]);
      drift.push(...compare(invoice, lines, items));
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, sent.length) }, worker));
  return { checkedInvoices: sent.length, drift: drift.sort(byInvoiceThenLine) };
}

function compare(
  invoice: { id: string; accountId: string },
  lines: readonly InvoiceLine[],
  items: readonly StripeInvoiceItemSnapshot[],
): Drift[] {
  const drift: Drift[] = [];
  const unmatched = new Map(items.map((item) => [item.id, item]));
  const base = { accountId: invoice.accountId, invoiceId: invoice.id };
  for (const line of lines) {
    const item =
      (line.stripeInvoiceItemId ? unmatched.get(line.stripeInvoiceItemId) : undefined) ??
      [...unmatched.values()].find((candidate) => candidate.metadata.tally_line_id === line.id);
    if (!item) {
      if (line.amountCents > 0) {
        drift.push({
          ...base,
          kind: "missing",
          lineId: line.id,
          stripeInvoiceItemId: line.stripeInvoiceItemId,
          ledgerCents: line.amountCents,
          stripeCents: null,
        });
      }
      continue;
    }
    unmatched.delete(item.id);
    if (item.amountCents !== line.amountCents) {
      drift.push({
        ...base,
        kind: "amount_mismatch",
        lineId: line.id,
        stripeInvoiceItemId: item.id,
        ledgerCents: line.amountCents,
        stripeCents: item.amountCents,
      });
    }
  }
  for (const item of unmatched.values()) {
    drift.push({
      ...base,
      kind: "extra",
      lineId: item.metadata.tally_line_id ?? null,
      stripeInvoiceItemId: item.id,
      ledgerCents: null,
      stripeCents: item.amountCents,
    });
  }
  return drift;
}

function byInvoiceThenLine(a: Drift, b: Drift): number {
  return a.invoiceId.localeCompare(b.invoiceId) || (a.lineId ?? "").localeCompare(b.lineId ?? "");
}
