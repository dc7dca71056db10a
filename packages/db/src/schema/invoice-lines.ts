import { sql } from "drizzle-orm";
import { bigint, boolean, check, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { createdAt, isOneOf, timestamptz } from "./columns";
import { invoices } from "./invoices";

export const invoiceLineKinds = ["base", "seats", "overage"] as const;
export type InvoiceLineKind = (typeof invoiceLineKinds)[number];

/**
 * What an invoice charges, one row per (account, period, kind, meter). The row is the anchor of
 * billing idempotency: Stripe idempotency keys derive from it, so re-running a period close after a
 * crash pushes each line to Stripe exactly once.
 */
export const invoiceLines = pgTable(
  "invoice_lines",
  {
    id: uuid().primaryKey().defaultRandom(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    invoiceId: uuid()
      .notNull()
      .references(() => invoices.id),
    /** The period charged, half-open; for overage lines, the counter period of the usage. */
    periodStart: timestamptz().notNull(),
    periodEnd: timestamptz().notNull(),
    kind: text({ enum: invoiceLineKinds }).notNull(),
    /** The metered overage charged, from the tier-config catalog; null for base and seat lines. */
    meterId: text(),
    /** The customer-facing text of the line on the Stripe invoice. */
    description: text().notNull(),
    /** What was counted, in the meter's unit (e.g. seconds beyond the allowance), or seats. */
    quantity: bigint({ mode: "number" }).notNull(),
    /** What is charged for: `quantity` rounded up to the meter's billing unit (started minutes). */
    billableUnits: bigint({ mode: "number" }).notNull(),
    /**
     * The price per billable unit as an exact decimal string (e.g. "0.08"); money never passes
     * through floats.
     */
    unitPriceCentsDecimal: text(),
    /** The plan's overage cap for the period, when it has one. */
    capCents: bigint({ mode: "number" }),
    /** True when the cap, not the unit price, decided `amount_cents`. */
    capped: boolean().notNull().default(false),
    /** The charge, rounded half-up at the cent after the cap. */
    amountCents: bigint({ mode: "number" }).notNull(),
    /** Set once the line exists in Stripe; a re-run skips lines that have one. */
    stripeInvoiceItemId: text().unique("invoice_lines_stripe_invoice_item_id_unique"),
    /** When the line was pushed to Stripe. */
    pushedAt: timestamptz(),
    createdAt: createdAt(),
  },
  (table) => [
    // Nulls not distinct: base and seat lines (no meter) are also one per period.
    unique("invoice_lines_once_per_period_unique")
      .on(table.accountId, table.periodStart, table.kind, table.meterId)
      .nullsNotDistinct(),
    check("invoice_lines_kind_check", isOneOf(table.kind, invoiceLineKinds)),
    check(
      "invoice_lines_meter_id_check",
      sql`(${table.kind} = 'overage') = (${table.meterId} is not null)`,
    ),
    check("invoice_lines_quantity_check", sql`${table.quantity} >= 0`),
    check("invoice_lines_billable_units_check", sql`${table.billableUnits} >= 0`),
    check(
      "invoice_lines_unit_price_cents_decimal_check",
      sql`${table.unitPriceCentsDecimal} ~ '^[0-9]+(\\.[0-9]+)?$'`,
    ),
    check("invoice_lines_cap_cents_check", sql`${table.capCents} >= 0`),
    check("invoice_lines_amount_cents_check", sql`${table.amountCents} >= 0`),
  ],
);

export type InvoiceLine = typeof invoiceLines.$inferSelect;
export type NewInvoiceLine = typeof invoiceLines.$inferInsert;
