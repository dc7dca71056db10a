import { sql } from "drizzle-orm";
import { bigint, check, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { timestamptz, updatedAt } from "./columns";

/**
 * How much of a meter an account used in one period: the row every entitlement check reads, and
 * that a hard limit increments with one conditional update. It is derived state, moved in the same
 * transaction as each `usage_events` row and rebuildable from them.
 */
export const usageCounters = pgTable(
  "usage_counters",
  {
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** A meter id from the tier-config catalog. */
    meterId: text().notNull(),
    /** The counter's period, half-open: `[period_start, period_end)`, per the meter's reset. */
    periodStart: timestamptz().notNull(),
    periodEnd: timestamptz().notNull(),
    /**
     * Usage minus releases in the meter's unit; the check catches a release with no usage behind
     * it.
     */
    used: bigint({ mode: "number" }).notNull().default(0),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ columns: [table.accountId, table.meterId, table.periodStart] }),
    check("usage_counters_used_check", sql`${table.used} >= 0`),
    check("usage_counters_period_check", sql`${table.periodStart} < ${table.periodEnd}`),
  ],
);

export type UsageCounter = typeof usageCounters.$inferSelect;
export type NewUsageCounter = typeof usageCounters.$inferInsert;
