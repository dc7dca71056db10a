import { type Database, type Invoice, type InvoiceLine, invoiceLines } from "@tally/db";
import { and, eq, isNull } from "drizzle-orm";
import { BillingError } from "../errors";
import { idempotencyKey } from "../stripe/idempotency-keys";
import type { StripeGateway, StripeInvoiceItemSnapshot } from "../stripe/stripe-gateway";

export interface PushLinesInput {
  invoice: Invoice;
  lines: readonly InvoiceLine[];
  customerId: string;
  stripeInvoiceId: string;
  /** An earlier push got this far, so the Stripe draft may already hold some of the items. */
  resumed: boolean;
  now: Date;
}

/**
 * Puts exactly one Stripe invoice item on the draft for every line with an amount, storing each
 * item's id as soon as Stripe answers. A resumed push first lists the draft's items and adopts
 * the ones carrying a line's id in their metadata, so a line whose item was created but whose id
 * was never stored is not created twice, whether or not Stripe still remembers the key. Anything
 * on the draft that does not match the ledger stops the push before the invoice is finalized.
 */
export async function pushLines(
  db: Database,
  gateway: StripeGateway,
  { invoice, lines, customerId, stripeInvoiceId, resumed, now }: PushLinesInput,
): Promise<{ created: number; adopted: number }> {
  const payable = lines.filter((line) => line.amountCents > 0);
  const existing = resumed ? await gateway.listInvoiceItems(stripeInvoiceId) : [];
  const byLine = itemsByLine(existing, new Set(payable.map((line) => line.id)));
  let created = 0;
  let adopted = 0;

  for (const line of payable) {
    const item = byLine.get(line.id);
    if (item) {
      checkItemMatchesLine(item, line, invoice);
      if (line.stripeInvoiceItemId !== item.id) {
        if (line.stripeInvoiceItemId) {
          throw conflict(
            `Line ${line.id} is stored as Stripe item ${line.stripeInvoiceItemId}, but the Stripe invoice holds ${item.id} for it`,
            { lineId: line.id },
          );
        }
        await storeItemId(db, line.id, item.id, now);
        adopted += 1;
      }
      continue;
    }
    if (line.stripeInvoiceItemId) {
      if (resumed) {
        throw conflict(
          `Stripe item ${line.stripeInvoiceItemId} of line ${line.id} is no longer on Stripe invoice ${stripeInvoiceId}`,
          { lineId: line.id, stripeInvoiceItemId: line.stripeInvoiceItemId },
        );
      }
      continue;
    }
    const createdItem = await gateway.createInvoiceItem({
      customerId,
      stripeInvoiceId,
      amountCents: line.amountCents,
      currency: invoice.currency,
      description: line.description,
      period: { start: line.periodStart, end: line.periodEnd },
      metadata: {
        tally_account_id: invoice.accountId,
        tally_invoice_id: invoice.id,
        tally_line_id: line.id,
      },
      idempotencyKey: idempotencyKey("line", line.id),
    });
    // A replayed key answers with the item as first created; if the line changed since, the
    // ledger and Stripe disagree even though Stripe did not notice.
    checkItemMatchesLine(createdItem, line, invoice);
    await storeItemId(db, line.id, createdItem.id, now);
    created += 1;
  }
  return { created, adopted };
}

/** Maps each payable line to its item; anything else on the draft is an error. */
function itemsByLine(
  items: readonly StripeInvoiceItemSnapshot[],
  payableLineIds: ReadonlySet<string>,
): Map<string, StripeInvoiceItemSnapshot> {
  const byLine = new Map<string, StripeInvoiceItemSnapshot>();
  for (const item of items) {
    const lineId = item.metadata.tally_line_id;
    if (lineId === undefined || !payableLineIds.has(lineId)) {
      throw conflict(
        `Stripe item ${item.id} on the invoice matches no line of the ledger with an amount`,
        { stripeInvoiceItemId: item.id, tallyLineId: lineId ?? null },
      );
    }
    const other = byLine.get(lineId);
    if (other) {
      throw conflict(`Line ${lineId} has two Stripe items: ${other.id} and ${item.id}`, {
        lineId,
      });
    }
    byLine.set(lineId, item);
  }
  return byLine;
}

function checkItemMatchesLine(
  item: StripeInvoiceItemSnapshot,
  line: InvoiceLine,
  invoice: Invoice,
): void {
  if (item.amountCents !== line.amountCents || item.currency !== invoice.currency) {
    throw conflict(
      `Stripe item ${item.id} of line ${line.id} is ${item.amountCents} ${item.currency}, but the ledger says ${line.amountCents} ${invoice.currency}`,
      {
        lineId: line.id,
        stripeInvoiceItemId: item.id,
        stripeCents: item.amountCents,
        ledgerCents: line.amountCents,
      },
    );
  }
}

async function storeItemId(db: Database, lineId: string, itemId: string, now: Date) {
  await db
    .update(invoiceLines)
    .set({ stripeInvoiceItemId: itemId, pushedAt: now })
    .where(and(eq(invoiceLines.id, lineId), isNull(invoiceLines.stripeInvoiceItemId)));
}

function conflict(message: string, details: Record<string, unknown>): BillingError {
  return new BillingError("stripe_idempotency_conflict", message, details);
}
