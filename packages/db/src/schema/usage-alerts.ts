import { sql } from "drizzle-orm";
import { bigint, check, integer, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { createdAt, isOneOf, timestamptz } from "./columns";
import { usageEvents } from "./usage-events";

export const usageAlertKinds = [
  "usage_threshold",
  "overage_started",
  "overage_cap_reached",
] as const;
export type UsageAlertKind = (typeof usageAlertKinds)[number];

/**
 * Alerts raised when usage crosses a threshold, written in the same transaction as the usage that
 * crossed it. The unique key makes each alert happen once per period, however many concurrent
 * calls cross the line together.
 */
export const usageAlerts = pgTable(
  "usage_alerts",
  {
    id: uuid().primaryKey().defaultRandom(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** A meter id from the tier-config catalog. */
    meterId: text().notNull(),
    /** The start of the counter period the alert belongs to, as in `usage_counters`. */
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
    unique("usage_alerts_once_per_period_unique").on(
      table.accountId,
      table.meterId,
      table.periodStart,
      table.kind,
      table.thresholdPercent,
    ),
    check("usage_alerts_kind_check", isOneOf(table.kind, usageAlertKinds)),
    check(
      "usage_alerts_threshold_percent_check",
      sql`${table.thresholdPercent} >= 0
        and (${table.kind} = 'usage_threshold') = (${table.thresholdPercent} > 0)`,
    ),
  ],
);

export type UsageAlert = typeof usageAlerts.$inferSelect;
export type NewUsageAlert = typeof usageAlerts.$inferInsert;
