import type { Subscription } from "@tally/db";
import { type AnyCatalog, isPlanId, planOf } from "@tally/tier-config";
import type { AccountState } from "../trpc/account-context";

const DAY_MS = 86_400_000;

/**
 * The subscription as the dashboard shows it: the plan in force now (which may differ from the
 * stored row while a transition waits for its job), the tier's slug, level and status, trial days
 * left, and what is scheduled.
 */
export function describeSubscription(
  catalog: AnyCatalog,
  subscription: Subscription,
  plan: AccountState["plan"],
  now: Date,
) {
  const effective = isPlanId(catalog, plan.planId) ? planOf(catalog, plan.planId) : null;
  const scheduled =
    subscription.scheduledPlanId &&
    subscription.scheduledChangeAt &&
    subscription.scheduledChangeAt > now
      ? { planId: subscription.scheduledPlanId, at: subscription.scheduledChangeAt }
      : null;
  return {
    plan: {
      id: plan.planId,
      name: effective?.name ?? plan.planId,
      level: effective?.level ?? null,
    },
    status: plan.status,
    access: plan.access,
    interval: plan.interval,
    seats: subscription.seats,
    currentPeriod: { start: subscription.currentPeriodStart, end: subscription.currentPeriodEnd },
    trialEndsAt: plan.trialEndsAt,
    trialDaysLeft:
      plan.trialEndsAt === null
        ? null
        : Math.max(0, Math.ceil((plan.trialEndsAt.getTime() - now.getTime()) / DAY_MS)),
    scheduledChange: scheduled,
    cancelAt:
      subscription.cancelAtPeriodEnd && subscription.currentPeriodEnd > now
        ? subscription.currentPeriodEnd
        : null,
  };
}
