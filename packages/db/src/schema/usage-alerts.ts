import { sql } from "drizzle-orm";
import { bigint, check, integer, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { createdAt, isOneOf, timestamptz } from "./columns";
import { invoices } from "./invoices";
import { usageEvents } from "./usage-events";

export const usageAlertKinds = [
  "usage_threshold",
  "overage_started",
  "overage_cap_reached",
  "payment_failed",
] as const;
export type UsageAlertKind = (typeof usageAlertKinds)[number];

/**
 * Alerts raised when usage crosses a threshold, written in the same transaction as the usage that
 * crossed it, and when Stripe fails to collect an invoice. The unique key makes each alert happen
 * once per period, however many concurrent calls cross the line together or however often Stripe
 * redelivers the failure.
 */
export const usageAlerts = pgTable(
  "usage_alerts",
  {
    id: uuid().primaryKey().defaultRandom(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** A meter id from the tier-config catalog; null for `payment_failed`, which has no meter. */
    meterId: text(),
    /**
     * The start of the counter period the alert belongs to, as in `usage_counters`; for
     * `payment_failed`, the start of the invoiced period.
     */
    periodStart: timestamptz().notNull(),
    kind: text({ enum: usageAlertKinds }).notNull(),
    /**
     * The threshold crossed, in percent of the allowance (80, 100), for `usage_threshold`; 0 for
     * the other kinds. Never null, because the unique key treats nulls as distinct and would let
     * those kinds repeat.
     */
    thresholdPercent: integer().notNull().default(0),
    /**
     * The usage event whose recording crossed the threshold, so a retry of that call (same
     * idempotency key) answers with the alerts it raised the first time.
     */
    eventId: bigint({ mode: "number" }).references(() => usageEvents.id),
    /** The invoice Stripe could not collect, for `payment_failed`. */
    invoiceId: uuid().references(() => invoices.id),
    /** The counter's value right after the crossing usage, for the alert's message. */
    usedAtTrigger: bigint({ mode: "number" }).notNull(),
    /** The allowance in force at the time (it can change later); null when it was unlimited. */
    allowanceAtTrigger: bigint({ mode: "number" }),
    createdAt: createdAt(),
    /** When a member dismissed it in the dashboard; null while unread. */
    readAt: timestamptz(),
    /** When the webhook job delivered it to the account's `webhook_url`; null until then. */
    deliveredAt: timestamptz(),
  },
  (table) => [
    // Nulls not distinct: `payment_failed` alerts (no meter) are also once per period.
    unique("usage_alerts_once_per_period_unique")
      .on(table.accountId, table.meterId, table.periodStart, table.kind, table.thresholdPercent)
      .nullsNotDistinct(),
    check("usage_alerts_kind_check", isOneOf(table.kind, usageAlertKinds)),
    check(
      "usage_alerts_meter_id_check",
      sql`(${table.kind} = 'payment_failed') = (${table.meterId} is null)
        and (${table.kind} = 'payment_failed') = (${table.invoiceId} is not null)`,
    ),
    check(
      "usage_alerts_threshold_percent_check",
      sql`${table.thresholdPercent} >= 0
        and (${table.kind} = 'usage_threshold') = (${table.thresholdPercent} > 0)`,
    ),
  ],
);

export type UsageAlert = typeof usageAlerts.$inferSelect;
export type NewUsageAlert = typeof usageAlerts.$inferInsert;
