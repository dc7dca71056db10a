import { type Database, type InvoiceLine, type InvoiceStatus, invoices } from "@tally/db";
import { and, desc, eq, lt } from "drizzle-orm";
import { requireDate, requireUuid, requireWholeNumber } from "../close/input-checks";
import { BillingError } from "../errors";
import { attachLines } from "./invoice-with-lines";

const MAX_PAGE_SIZE = 100;
// A cursor is the last period start of a page (unique per account), wrapped so that clients
// treat it as opaque: base64url of "v1:<ISO instant>".
const CURSOR_PREFIX = "v1:";

export interface ListInvoicesInput {
  accountId: string;
  /** 1 to 100. */
  limit: number;
  /** `nextCursor` of the previous page; omitted for the newest invoices. */
  cursor?: string;
}

/** One invoice as the dashboard shows it. */
export interface InvoiceSummary {
  id: string;
  periodStart: Date;
  periodEnd: Date;
  status: InvoiceStatus;
  currency: string;
  subtotalCents: number;
  totalCents: number;
  /** Stripe's number, once Stripe finalized the invoice. */
  stripeInvoiceNumber: string | null;
  /** Where the customer views and pays it, once Stripe finalized it. */
  hostedInvoiceUrl: string | null;
  /** True once Stripe finalized the invoice and sent it to the customer. */
  sent: boolean;
  sentAt: Date | null;
  paidAt: Date | null;
  createdAt: Date;
  lines: InvoiceLineSummary[];
}

export type InvoiceLineSummary = Pick<
  InvoiceLine,
  | "id"
  | "kind"
  | "meterId"
  | "periodStart"
  | "periodEnd"
  | "description"
  | "quantity"
  | "billableUnits"
  | "unitPriceCentsDecimal"
  | "capCents"
  | "capped"
  | "amountCents"
>;

export interface InvoicePage {
  items: InvoiceSummary[];
  /** Pass it back for the next, older page; null on the last page. */
  nextCursor: string | null;
}

/** An account's invoices, newest period first, each with its lines. */
export async function listInvoices(db: Database, input: ListInvoicesInput): Promise<InvoicePage> {
  const accountId = requireUuid("accountId", input.accountId);
  const limit = requireWholeNumber("limit", input.limit, { min: 1, max: MAX_PAGE_SIZE });
  const before = input.cursor === undefined ? null : decodeCursor(input.cursor);

  const rows = await db
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.accountId, accountId),
        before === null ? undefined : lt(invoices.periodStart, before),
      ),
    )
    .orderBy(desc(invoices.periodStart))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const withLines = await attachLines(db, page);
  return {
    items: withLines.map(({ invoice, lines }) => ({
      id: invoice.id,
      periodStart: invoice.periodStart,
      periodEnd: invoice.periodEnd,
      status: invoice.status,
      currency: invoice.currency,
      subtotalCents: invoice.subtotalCents,
      totalCents: invoice.totalCents,
      stripeInvoiceNumber: invoice.stripeInvoiceNumber,
      hostedInvoiceUrl: invoice.hostedInvoiceUrl,
      sent: invoice.sentAt !== null,
      sentAt: invoice.sentAt,
      paidAt: invoice.paidAt,
      createdAt: invoice.createdAt,
      lines: lines.map((line) => ({
        id: line.id,
        kind: line.kind,
        meterId: line.meterId,
        periodStart: line.periodStart,
        periodEnd: line.periodEnd,
        description: line.description,
        quantity: line.quantity,
        billableUnits: line.billableUnits,
        unitPriceCentsDecimal: line.unitPriceCentsDecimal,
        capCents: line.capCents,
        capped: line.capped,
        amountCents: line.amountCents,
      })),
    })),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.periodStart) : null,
  };
}

function encodeCursor(periodStart: Date): string {
  return Buffer.from(`${CURSOR_PREFIX}${periodStart.toISOString()}`, "utf8").toString("base64url");
}

function decodeCursor(cursor: unknown): Date {
  // Node decodes any string as base64url, skipping what does not belong, so check the alphabet.
  const wellFormed = typeof cursor === "string" && /^[A-Za-z0-9_-]+$/.test(cursor);
  const text = wellFormed ? Buffer.from(cursor, "base64url").toString("utf8") : "";
  const instant = text.startsWith(CURSOR_PREFIX)
    ? new Date(text.slice(CURSOR_PREFIX.length))
    : null;
  if (instant === null || Number.isNaN(instant.getTime())) {
    throw new BillingError("invalid_input", "cursor is not one this list handed out", {
      field: "cursor",
    });
  }
  return requireDate("cursor", instant);
}
