import { sql } from "drizzle-orm";
import { boolean, check, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { createdAt, isOneOf, timestamptz, updatedAt } from "./columns";

export const subscriptionStatuses = [
  "trialing",
  "active",
  "past_due",
  "canceled",
  "expired",
] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];

export const billingIntervals = ["month", "year"] as const;
export type BillingInterval = (typeof billingIntervals)[number];

/**
 * The plan an account is on now: exactly one row per account, changed in place by the metering
 * package (plan changes, rollovers) and the billing package (Stripe status). Every change is also
 * appended to `subscription_events`.
 */
export const subscriptions = pgTable(
  "subscriptions",
  {
    id: uuid().primaryKey().defaultRandom(),
    accountId: uuid()
      .notNull()
      .unique("subscriptions_account_id_unique")
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** A plan id from the tier-config catalog; the catalog, not the database, knows its limits. */
    planId: text().notNull(),
    status: text({ enum: subscriptionStatuses }).notNull(),
    billingInterval: text({ enum: billingIntervals }).notNull(),
    /** Paid seats; plans without a per-seat price keep 1. */
    seats: integer().notNull().default(1),
    /** The instant billing periods are counted from; month-end anchors clamp (Jan 31 -> Feb 28). */
    billingAnchor: timestamptz().notNull(),
    /** The current billing period, half-open: `[current_period_start, current_period_end)`. */
    currentPeriodStart: timestamptz().notNull(),
    currentPeriodEnd: timestamptz().notNull(),
    /** When a trial without a paid plan expires; null when the subscription never trialed. */
    trialEndsAt: timestamptz(),
    /** A cancel keeps access until the period end; the transition job then reverts the plan. */
    cancelAtPeriodEnd: boolean().notNull().default(false),
    /** A downgrade waiting for the period end, applied by the job at `scheduled_change_at`. */
    scheduledPlanId: text(),
    scheduledChangeAt: timestamptz(),
    /** When the cancel took effect; null while the subscription runs. */
    canceledAt: timestamptz(),
    /** Set by the billing package when the plan is paid through a Stripe subscription. */
    stripeSubscriptionId: text().unique("subscriptions_stripe_subscription_id_unique"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    check("subscriptions_status_check", isOneOf(table.status, subscriptionStatuses)),
    check("subscriptions_billing_interval_check", isOneOf(table.billingInterval, billingIntervals)),
    check("subscriptions_seats_check", sql`${table.seats} >= 1`),
    check(
      "subscriptions_current_period_check",
      sql`${table.currentPeriodStart} < ${table.currentPeriodEnd}`,
    ),
  ],
);

export type Subscription = typeof subscriptions.$inferSelect;
export type NewSubscription = typeof subscriptions.$inferInsert;
