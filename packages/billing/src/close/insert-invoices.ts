import {
  type Database,
  type Invoice,
  type InvoiceLine,
  invoiceLines,
  invoices,
  type NewInvoice,
  type NewInvoiceLine,
} from "@tally/db";
import type { AnyCatalog, Period } from "@tally/tier-config";
import { totalCentsOf } from "./draft-invoice-lines";
import type { InvoiceLineDraft } from "./invoice-lines-for";
import { periodKey } from "./load-billing-inputs";

/** One account's invoice for one billing period, before it is stored. */
export interface InvoiceDraft {
  accountId: string;
  period: Period;
  lines: InvoiceLineDraft[];
}

/** An invoice as stored, with its lines in invoice order. */
export interface InvoiceWithLines {
  invoice: Invoice;
  lines: InvoiceLine[];
}

/** Rows per INSERT; well under PostgreSQL's 65,535 parameters at 14 columns a line. */
const ROWS_PER_STATEMENT = 1000;

/**
 * Stores the drafts in one transaction: each invoice with all its lines, or nothing. An invoice
 * that already exists for its account and period (another closer got there first) is left alone
 * by `ON CONFLICT DO NOTHING`, and so are its lines, which only the invoice's creator writes; the
 * result holds only the invoices this call created.
 *
 * A positive total waits as `draft` for the push to Stripe; a zero total is `paid` at once and
 * never sent, as Stripe itself marks $0 invoices paid.
 */
export async function insertInvoices(
  db: Database,
  catalog: AnyCatalog,
  drafts: readonly InvoiceDraft[],
  now: Date,
): Promise<InvoiceWithLines[]> {
  if (drafts.length === 0) return [];
  return db.transaction(async (tx) => {
    const created: Invoice[] = [];
    for (const chunk of chunks(drafts, ROWS_PER_STATEMENT)) {
      const rows = await tx
        .insert(invoices)
        .values(chunk.map((draft) => invoiceRow(catalog, draft, now)))
        .onConflictDoNothing({ target: [invoices.accountId, invoices.periodStart] })
        .returning();
      created.push(...rows);
    }

    const draftsByKey = new Map(
      drafts.map((draft) => [periodKey(draft.accountId, draft.period.start), draft]),
    );
    const lineRows: NewInvoiceLine[] = [];
    for (const invoice of created) {
      const draft = draftsByKey.get(periodKey(invoice.accountId, invoice.periodStart));
      if (draft === undefined) throw new Error(`invoice ${invoice.id} matches no draft`);
      for (const line of draft.lines) {
        lineRows.push({ ...line, accountId: invoice.accountId, invoiceId: invoice.id });
      }
    }
    const linesByInvoice = new Map<string, InvoiceLine[]>();
    for (const chunk of chunks(lineRows, ROWS_PER_STATEMENT)) {
      for (const line of await tx.insert(invoiceLines).values(chunk).returning()) {
        const lines = linesByInvoice.get(line.invoiceId) ?? [];
        lines.push(line);
        linesByInvoice.set(line.invoiceId, lines);
      }
    }
    return created.map((invoice) => ({ invoice, lines: linesByInvoice.get(invoice.id) ?? [] }));
  });
}

function invoiceRow(catalog: AnyCatalog, draft: InvoiceDraft, now: Date): NewInvoice {
  const totalCents = totalCentsOf(draft.lines);
  return {
    accountId: draft.accountId,
    periodStart: draft.period.start,
    periodEnd: draft.period.end,
    status: totalCents > 0 ? "draft" : "paid",
    currency: catalog.currency,
    subtotalCents: totalCents,
    totalCents,
    paidAt: totalCents > 0 ? null : now,
  };
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let index = 0; index < items.length; index += size) {
    yield items.slice(index, index + size);
  }
}
