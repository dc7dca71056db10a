import type { DecisionOutcome, DecisionReason } from "@tally/tier-config";
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  check,
  index,
  jsonb,
  pgTable,
  text,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { isOneOf, timestamptz } from "./columns";

export const usageEventKinds = ["usage", "release"] as const;
export type UsageEventKind = (typeof usageEventKinds)[number];

/** The answer a usage row was recorded with, as the metering package returned it. */
export interface RecordedDecision {
  outcome: DecisionOutcome;
  /** The limit decision, or the plan access that refused it (stored only for measured usage). */
  reason: DecisionReason | "trial_expired" | "read_only";
  /** The counter right after this usage. */
  used: number;
  allowance: number | "unlimited";
  hardLimit: number | null;
  remaining: number | null;
  ratioBasisPoints: number | null;
}

/**
 * The call log: one row per metered call, written in the same transaction as the counter it
 * moves, and never updated or deleted. A handler that fails after its quantity was reserved is
 * compensated by a `release` row pointing at the `usage` row, not by deleting it, so the log
 * stays append-only and says what happened. `usage_counters` can therefore be rebuilt from it to
 * the unit: sum(usage) - sum(release) per (account, meter, period_start).
 */
export const usageEvents = pgTable(
  "usage_events",
  {
    /** An identity, not a random uuid: the busiest append-only table stays in insert order. */
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    /** A meter id from the tier-config catalog. */
    meterId: text().notNull(),
    kind: text({ enum: usageEventKinds }).notNull(),
    /** Always positive, in the meter's unit; a release subtracts by its kind, not its sign. */
    quantity: bigint({ mode: "number" }).notNull(),
    /**
     * The start of the counter period the quantity was counted in: with account and meter it
     * names the `usage_counters` row, so rebuilding never has to recompute periods.
     */
    periodStart: timestamptz().notNull(),
    /**
     * The caller's key for exactly-once counting: a retry with the same key finds this row
     * instead of counting again. Release rows may leave it null: the row they release keys them.
     */
    idempotencyKey: text(),
    /** The `usage` row this `release` compensates; unique, so nothing is released twice. */
    releaseOfEventId: bigint({ mode: "number" })
      .unique("usage_events_release_of_event_id_unique")
      .references((): AnyPgColumn => usageEvents.id),
    /** The tRPC procedure (or API route) that was metered, for the dashboard's call log. */
    procedure: text(),
    /** The signed-in caller; no foreign key, so deleting a user never rewrites the log. */
    actorUserId: text(),
    /** The API key a service called with; no foreign key, for the same reason. */
    apiKeyId: uuid(),
    /**
     * The decision this usage was answered with, so that a retry with the same idempotency key
     * gets the first answer back even after the counter has moved on (or the plan changed). The
     * metering package writes it on every usage row; release rows have none.
     */
    decision: jsonb().$type<RecordedDecision>(),
    /** Whatever the product attaches to a call (session ids, model names); billing ignores it. */
    metadata: jsonb().$type<Record<string, unknown>>(),
    /** When the metered thing happened, per the caller; `period_start` decides the period. */
    occurredAt: timestamptz().notNull().defaultNow(),
    /** When Tally wrote the row. */
    recordedAt: timestamptz().notNull().defaultNow(),
  },
  (table) => [
    // Unique treats nulls as distinct, so the key-less release rows never collide with each other.
    unique("usage_events_account_id_idempotency_key_unique").on(
      table.accountId,
      table.idempotencyKey,
    ),
    // Rebuilding a counter and listing a meter's calls both read one (account, meter, period).
    index("usage_events_account_id_meter_id_period_start_idx").on(
      table.accountId,
      table.meterId,
      table.periodStart,
    ),
    // The dashboard's call log pages through one account's rows newest first, by id.
    index("usage_events_account_id_id_idx").on(table.accountId, table.id),
    check("usage_events_kind_check", isOneOf(table.kind, usageEventKinds)),
    check("usage_events_quantity_check", sql`${table.quantity} > 0`),
    check("usage_events_decision_check", sql`${table.kind} = 'usage' or ${table.decision} is null`),
    check(
      "usage_events_release_of_event_id_check",
      sql`(${table.kind} = 'release') = (${table.releaseOfEventId} is not null)`,
    ),
  ],
);

export type UsageEvent = typeof usageEvents.$inferSelect;
export type NewUsageEvent = typeof usageEvents.$inferInsert;
