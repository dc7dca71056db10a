import { type Database, type Invoice, invoices } from "@tally/db";
import { and, eq, inArray } from "drizzle-orm";

/**
 * Parks an invoice for an operator: Tally stops pushing it and `last_error` says why. Only an
 * invoice still on its way to Stripe (draft) or already parked can be parked, so a webhook that
 * meanwhile reported it paid or void is never overwritten.
 */
export async function markAttention(
  db: Database,
  { invoiceId, lastError }: { invoiceId: string; lastError: string },
): Promise<Invoice | undefined> {
  const [updated] = await db
    .update(invoices)
    .set({ status: "attention", lastError })
    .where(
      and(eq(invoices.id, invoiceId), inArray(invoices.status, ["draft", "attention", "open"])),
    )
    .returning();
  return updated;
}
