import { type Database, invoiceLines, invoices } from "@tally/db";
import { and, eq, inArray } from "drizzle-orm";
import { requireUuid } from "../close/input-checks";
import type { InvoiceWithLines } from "../close/insert-invoices";
import { BillingError } from "../errors";
import { compareLines } from "./line-order";

/**
 * One invoice of an account with its lines, for the dashboard and the push to Stripe. The
 * account scopes the read: an invoice of another account is `not_found`, like one that does not
 * exist.
 */
export async function invoiceWithLines(
  db: Database,
  input: { accountId: string; invoiceId: string },
): Promise<InvoiceWithLines> {
  const accountId = requireUuid("accountId", input.accountId);
  const invoiceId = requireUuid("invoiceId", input.invoiceId);
  const [invoice] = await db
    .select()
    .from(invoices)
    .where(and(eq(invoices.accountId, accountId), eq(invoices.id, invoiceId)));
  if (invoice === undefined) {
    throw new BillingError("not_found", `account ${accountId} has no invoice ${invoiceId}`, {
      accountId,
      invoiceId,
    });
  }
  const [found] = await attachLines(db, [invoice]);
  if (found === undefined) throw new Error(`invoice ${invoiceId} lost its lines`);
  return found;
}

/** The invoice of an account's billing period with its lines, or null before it is closed. */
export async function invoiceForPeriod(
  db: Database,
  accountId: string,
  periodStart: Date,
): Promise<InvoiceWithLines | null> {
  const [invoice] = await db
    .select()
    .from(invoices)
    .where(and(eq(invoices.accountId, accountId), eq(invoices.periodStart, periodStart)));
  if (invoice === undefined) return null;
  const [found] = await attachLines(db, [invoice]);
  return found ?? null;
}

/** The invoices with their lines, in the order given, with one query for all the lines. */
export async function attachLines(
  db: Database,
  found: readonly InvoiceWithLines["invoice"][],
): Promise<InvoiceWithLines[]> {
  if (found.length === 0) return [];
  const lines = await db
    .select()
    .from(invoiceLines)
    .where(
      and(
        // The account column leads the index of every domain table, so scope by it as well.
        inArray(invoiceLines.accountId, [...new Set(found.map((invoice) => invoice.accountId))]),
        inArray(
          invoiceLines.invoiceId,
          found.map((invoice) => invoice.id),
        ),
      ),
    );
  lines.sort(compareLines);
  return found.map((invoice) => ({
    invoice,
    lines: lines.filter((line) => line.invoiceId === invoice.id),
  }));
}
