import { boolean, check, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { createdAt, isOneOf } from "./columns";
import { subscriptionStatuses, subscriptions } from "./subscriptions";

export const subscriptionActions = [
  "created",
  "upgraded",
  "downgrade_scheduled",
  "downgraded",
  "cancel_scheduled",
  "canceled",
  "resumed",
  "trial_started",
  "trial_expired",
  "renewed",
  "plan_assigned",
  "status_changed",
  "scheduled_change_cleared",
  "limit_override_set",
  "limit_override_cleared",
] as const;
export type SubscriptionAction = (typeof subscriptionActions)[number];

/** The meter a limit override changed, and its new allowance (absent when it was cleared). */
export interface SubscriptionEventDetails {
  meterId: string;
  allowance?: number | "unlimited";
}

/**
 * Every change to a subscription, appended in the same transaction as the change itself and never
 * updated: operators read an account's history from it.
 */
export const subscriptionEvents = pgTable(
  "subscription_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    subscriptionId: uuid()
      .notNull()
      .references(() => subscriptions.id),
    action: text({ enum: subscriptionActions }).notNull(),
    /** The plan before the change; null when the subscription was just created. */
    fromPlanId: text(),
    toPlanId: text(),
    fromStatus: text({ enum: subscriptionStatuses }),
    toStatus: text({ enum: subscriptionStatuses }),
    /**
     * Who made the change; null for the system's own jobs (rollovers, trial expiry). No foreign
     * key, so the history keeps the id as it was even after the user is deleted.
     */
    actorUserId: text(),
    /** True when a platform admin acted on someone else's account, e.g. assigning a plan. */
    isAdminAction: boolean().notNull().default(false),
    /** Free text for operators: why an admin acted, or what triggered a system change. */
    reason: text(),
    /**
     * What a change touched beyond the plan, e.g. the meter and allowance of a limit override;
     * null for plain plan and status changes.
     */
    details: jsonb().$type<SubscriptionEventDetails>(),
    createdAt: createdAt(),
  },
  (table) => [
    index("subscription_events_account_id_created_at_idx").on(table.accountId, table.createdAt),
    check("subscription_events_action_check", isOneOf(table.action, subscriptionActions)),
    // A check passes on null, so the status columns are only checked when they are set.
    check("subscription_events_from_status_check", isOneOf(table.fromStatus, subscriptionStatuses)),
    check("subscription_events_to_status_check", isOneOf(table.toStatus, subscriptionStatuses)),
  ],
);

export type SubscriptionEvent = typeof subscriptionEvents.$inferSelect;
export type NewSubscriptionEvent = typeof subscriptionEvents.$inferInsert;
