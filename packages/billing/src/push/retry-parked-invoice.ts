import { type Database, type Invoice, invoices } from "@tally/db";
import { and, eq } from "drizzle-orm";
import { BillingError } from "../errors";

/**
 * Takes an invoice an operator has looked at off the `attention` shelf, back to `draft`, so the
 * next push (the operator's own, or the job's) tries it again from where it stopped; the
 * deterministic keys make the retry add nothing that is already in Stripe. An invoice in any
 * other state is returned unchanged.
 */
export async function retryParkedInvoice(
  db: Database,
  { accountId, invoiceId }: { accountId: string; invoiceId: string },
): Promise<Invoice> {
  const [retried] = await db
    .update(invoices)
    .set({ status: "draft", lastError: null })
    .where(
      and(
        eq(invoices.id, invoiceId),
        eq(invoices.accountId, accountId),
        eq(invoices.status, "attention"),
      ),
    )
    .returning();
  if (retried) return retried;
  const [unchanged] = await db
    .select()
    .from(invoices)
    .where(and(eq(invoices.id, invoiceId), eq(invoices.accountId, accountId)));
  if (!unchanged) {
    throw new BillingError("not_found", `no invoice ${invoiceId} in account ${accountId}`, {
      invoiceId,
      accountId,
    });
  }
  return unchanged;
}
