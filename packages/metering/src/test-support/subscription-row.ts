import type { Subscription } from "@tally/db";
import { billingPeriodFor } from "@tally/tier-config";

/**
 * A subscription row as the database would return it, for pure functions that take one: active,
 * monthly, its first period starting at `billingAnchor`.
 */
export function subscriptionRow(
  values: Partial<Subscription> & { planId: string; billingAnchor: Date },
): Subscription {
  const interval = values.billingInterval ?? "month";
  const period = billingPeriodFor({
    anchor: values.billingAnchor,
    at: values.billingAnchor,
    interval,
  });
  return {
    id: "00000000-0000-4000-8000-000000000001",
    accountId: "00000000-0000-4000-8000-000000000002",
    status: "active",
    billingInterval: interval,
    seats: 1,
    currentPeriodStart: period.start,
    currentPeriodEnd: period.end,
    trialEndsAt: null,
    cancelAtPeriodEnd: false,
    scheduledPlanId: null,
    scheduledChangeAt: null,
    canceledAt: null,
    stripeSubscriptionId: null,
    createdAt: values.billingAnchor,
    updatedAt: values.billingAnchor,
    ...values,
  };
}
