import type { BillingInterval, Subscription } from "@tally/db";
import { type AnyCatalog, billingPeriodFor, type PlanId, planOf } from "@tally/tier-config";
import type { SubscriptionChanges } from "./materialize";
import { trialEnd } from "./trial-end";

export interface ImmediatePlanChangeInput {
  planId: PlanId<AnyCatalog>;
  interval: BillingInterval | undefined;
  now: Date;
  /** Start the plan's trial afresh (an operator's choice); otherwise any trial ends now. */
  startTrial: boolean;
}

/**
 * The columns that move a subscription to another plan at once (an upgrade, or an operator's
 * assignment). The current billing period is kept, so the new plan's allowances apply to the
 * usage already counted in it; anything pending (a downgrade, a cancel) is dropped, because the
 * account just chose a plan.
 */
export function immediatePlanChanges(
  catalog: AnyCatalog,
  current: Subscription,
  { planId, interval, now, startTrial }: ImmediatePlanChangeInput,
): SubscriptionChanges {
  const trialDays = planOf(catalog, planId).trialDays;
  const trial =
    startTrial && trialDays !== undefined
      ? {
          status: "trialing" as const,
          trialEndsAt: trialEnd(now, trialDays),
        }
      : {
          // A payment problem (past_due) is not solved by changing plans; a trial, running or
          // expired, is over once the account is on a plan of its choice.
          status: current.status === "past_due" ? current.status : ("active" as const),
          trialEndsAt: current.status === "trialing" ? now : current.trialEndsAt,
        };
  return {
    planId,
    ...trial,
    cancelAtPeriodEnd: false,
    scheduledPlanId: null,
    scheduledChangeAt: null,
    ...intervalChanges(current, interval, now),
  };
}

/**
 * Switching between monthly and annual billing restarts the count from the current period's
 * start, so the period the account is in keeps its start (and the usage counted under it).
 */
function intervalChanges(
  current: Subscription,
  interval: BillingInterval | undefined,
  now: Date,
): SubscriptionChanges {
  if (interval === undefined || interval === current.billingInterval) return {};
  const anchor = current.currentPeriodStart;
  const period = billingPeriodFor({ anchor, at: now, interval });
  return {
    billingInterval: interval,
    billingAnchor: anchor,
    currentPeriodStart: period.start,
    currentPeriodEnd: period.end,
  };
}
