import type { BillingInterval, Subscription, SubscriptionStatus } from "@tally/db";
import { type AnyCatalog, isPlanId, type PlanId, planOf } from "@tally/tier-config";
import { MeteringError } from "./errors";

/** What an account may do: everything, look but not use (an expired ide trial), or nothing. */
export type PlanAccess = "full" | "read_only" | "blocked";

export interface EffectivePlan {
  planId: PlanId<AnyCatalog>;
  status: SubscriptionStatus;
  access: PlanAccess;
  /** Billing periods are counted from here; see `billingPeriodFor`. */
  anchor: Date;
  interval: BillingInterval;
  trialEndsAt: Date | null;
}

/**
 * The plan a subscription row means at `now`, with every transition that is due applied, so that
 * correctness never waits for the job that writes them down: a scheduled downgrade whose time has
 * come, a cancel at a period end that has passed (back to the catalog's free plan), a trial past
 * its end (expired). The job later stores the same answer.
 */
export function effectivePlan(
  catalog: AnyCatalog,
  subscription: Subscription,
  now: Date,
): EffectivePlan {
  let planId = knownPlan(catalog, subscription.planId);
  let status: SubscriptionStatus = subscription.status;

  const { scheduledPlanId, scheduledChangeAt } = subscription;
  if (scheduledPlanId !== null && scheduledChangeAt !== null && scheduledChangeAt <= now) {
    planId = knownPlan(catalog, scheduledPlanId);
  }
  const cancelDone = subscription.cancelAtPeriodEnd && subscription.currentPeriodEnd <= now;
  if (cancelDone || status === "canceled") {
    planId = catalog.freePlan;
    // A catalog without a free tier falls back to its trial plan (assistant), and a trial that
    // has been used up does not start again: such an account stays expired until it pays.
    status = isTrialPlan(catalog, planId) ? "expired" : "active";
  }
  if (
    status === "trialing" &&
    subscription.trialEndsAt !== null &&
    subscription.trialEndsAt <= now
  ) {
    status = "expired";
  }

  return {
    planId,
    status,
    access: status === "expired" ? (planOf(catalog, planId).expiry ?? "blocked") : "full",
    anchor: subscription.billingAnchor,
    interval: subscription.billingInterval,
    trialEndsAt: subscription.trialEndsAt,
  };
}

function knownPlan(catalog: AnyCatalog, planId: string): PlanId<AnyCatalog> {
  if (!isPlanId(catalog, planId)) {
    throw new MeteringError("unknown_plan", `plan "${planId}" is not in catalog "${catalog.id}"`, {
      planId,
      catalogId: catalog.id,
    });
  }
  return planId;
}

function isTrialPlan(catalog: AnyCatalog, planId: PlanId<AnyCatalog>): boolean {
  return planOf(catalog, planId).trialDays !== undefined;
}
