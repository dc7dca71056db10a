import { sql } from "drizzle-orm";
import { bigint, check, index, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { createdAt, isOneOf, timestamptz, updatedAt } from "./columns";

export const invoiceStatuses = [
  "draft",
  "open",
  "paid",
  "void",
  "uncollectible",
  "attention",
] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

/**
 * One invoice per account and billing period, built by the billing package at period close and
 * mirrored to Stripe. Its lines are in `invoice_lines`.
 */
export const invoices = pgTable(
  "invoices",
  {
    id: uuid().primaryKey().defaultRandom(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    /** The billing period invoiced, half-open: `[period_start, period_end)`. */
    periodStart: timestamptz().notNull(),
    periodEnd: timestamptz().notNull(),
    /**
     * Stripe's statuses, plus `attention`: Tally could not finish pushing the invoice and an
     * operator should look at `last_error`.
     */
    status: text({ enum: invoiceStatuses }).notNull().default("draft"),
    /** A lowercase ISO currency code, as Stripe writes them. */
    currency: text().notNull().default("usd"),
    subtotalCents: bigint({ mode: "number" }).notNull(),
    totalCents: bigint({ mode: "number" }).notNull(),
    /** Set once the billing package created the invoice in Stripe; a re-run finds it here. */
    stripeInvoiceId: text().unique("invoices_stripe_invoice_id_unique"),
    /** Stripe's human-facing number (e.g. "TALLY-0042"), shown in the dashboard. */
    stripeInvoiceNumber: text(),
    /** Stripe's page where the customer views and pays the invoice. */
    hostedInvoiceUrl: text(),
    /** The last error pushing to Stripe, for the operator handling an `attention` invoice. */
    lastError: text(),
    /** When Stripe finalized the invoice and sent it to the customer. */
    sentAt: timestamptz(),
    /** When Stripe reported the invoice paid (or, for a zero total, when it was closed). */
    paidAt: timestamptz(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    unique("invoices_account_id_period_start_unique").on(table.accountId, table.periodStart),
    // The push job's scan: invoices closed but not yet (fully) in Stripe.
    index("invoices_unsent_idx").on(table.periodEnd).where(sql`${table.status} = 'draft'`),
    check("invoices_status_check", isOneOf(table.status, invoiceStatuses)),
    check("invoices_subtotal_cents_check", sql`${table.subtotalCents} >= 0`),
    check("invoices_total_cents_check", sql`${table.totalCents} >= 0`),
    check("invoices_period_check", sql`${table.periodStart} < ${table.periodEnd}`),
  ],
);

export type Invoice = typeof invoices.$inferSelect;
export type NewInvoice = typeof invoices.$inferInsert;
