import { sql } from "drizzle-orm";
import { bigint, check, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { createdAt, updatedAt } from "./columns";
import { users } from "./users";

/**
 * A per-account allowance that replaces the plan's for one meter, set by a platform admin (e.g. a
 * goodwill top-up or a negotiated contract). The metering package reads it before the catalog.
 */
export const limitOverrides = pgTable(
  "limit_overrides",
  {
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** A meter id from the tier-config catalog. */
    meterId: text().notNull(),
    /** The allowance per period in the meter's unit; null means unlimited. */
    allowance: bigint({ mode: "number" }),
    /** Why the admin granted it, for the next operator who looks at the account. */
    reason: text().notNull(),
    /** The admin who set it; null once that user is deleted. */
    createdByUserId: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ columns: [table.accountId, table.meterId] }),
    check("limit_overrides_allowance_check", sql`${table.allowance} >= 0`),
  ],
);

export type LimitOverride = typeof limitOverrides.$inferSelect;
export type NewLimitOverride = typeof limitOverrides.$inferInsert;
