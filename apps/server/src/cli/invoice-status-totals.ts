import { type Database, type InvoiceStatus, invoices } from "@tally/db";
import { count, sql } from "drizzle-orm";

export interface StatusTotal {
  status: InvoiceStatus;
  invoices: number;
  /** Exact, as a decimal string of cents: a sum can outgrow a safe integer. */
  totalCents: string;
}

/** How many invoices the ledger holds in each status, and what they total. */
export async function invoiceStatusTotals(db: Database): Promise<StatusTotal[]> {
  return db
    .select({
      status: invoices.status,
      invoices: count(),
      totalCents: sql<string>`coalesce(sum(${invoices.totalCents}), 0)::text`,
    })
    .from(invoices)
    .groupBy(invoices.status)
    .orderBy(invoices.status);
}
