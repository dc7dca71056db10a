import type { NewSubscription, Subscription } from "@tally/db";
import { type AnyCatalog, billingPeriodFor } from "@tally/tier-config";
import { effectivePlan } from "../effective-plan";
import type { SubscriptionEventDraft } from "./subscription-event";

/** The columns a transition rewrites. */
export type SubscriptionChanges = Partial<
  Pick<
    NewSubscription,
    | "planId"
    | "status"
    | "billingInterval"
    | "billingAnchor"
    | "currentPeriodStart"
    | "currentPeriodEnd"
    | "trialEndsAt"
    | "cancelAtPeriodEnd"
    | "scheduledPlanId"
    | "scheduledChangeAt"
    | "canceledAt"
  >
>;

export interface Materialization {
  changes: SubscriptionChanges;
  /** What happened, oldest first, for the history (written as the system's doing). */
  events: SubscriptionEventDraft[];
}

/**
 * Whether a transition is due at `now`. `dueAt` in apply-due-transitions.ts says the
 * same in SQL; the two must agree, or the job would pick rows that then change nothing.
 */
export function isDue(subscription: Subscription, now: Date): boolean {
  const { scheduledPlanId, scheduledChangeAt, trialEndsAt } = subscription;
  return (
    subscription.currentPeriodEnd <= now ||
    (scheduledPlanId !== null && scheduledChangeAt !== null && scheduledChangeAt <= now) ||
    (subscription.status === "trialing" && trialEndsAt !== null && trialEndsAt <= now) ||
    subscription.status === "canceled"
  );
}

/**
 * The row as it should be stored at `now`, or null when nothing is due. The plan, status and
 * billing settings come from `effectivePlan`, the lazy view every limit decision reads, so the
 * stored row can never disagree with what accounts were already being served. What this adds is
 * the bookkeeping the lazy view does not need: clearing what was applied, moving the current
 * period (over any number of missed periods at once) and the history lines.
 */
export function materialize(
  catalog: AnyCatalog,
  subscription: Subscription,
  now: Date,
): Materialization | null {
  if (!isDue(subscription, now)) return null;
  const effective = effectivePlan(catalog, subscription, now);
  const events: SubscriptionEventDraft[] = [];
  const changes: SubscriptionChanges = {
    planId: effective.planId,
    status: effective.status,
    billingAnchor: effective.anchor,
    billingInterval: effective.interval,
    trialEndsAt: effective.trialEndsAt,
  };
  let planId = subscription.planId;
  let status = subscription.status;

  const { scheduledPlanId, scheduledChangeAt } = subscription;
  if (scheduledPlanId !== null && scheduledChangeAt !== null && scheduledChangeAt <= now) {
    events.push({
      action: "downgraded",
      fromPlanId: planId,
      toPlanId: scheduledPlanId,
      fromStatus: status,
      toStatus: status,
      reason: `the downgrade scheduled for ${scheduledChangeAt.toISOString()} took effect`,
    });
    planId = scheduledPlanId;
    changes.scheduledPlanId = null;
    changes.scheduledChangeAt = null;
  }

  const cancelDue = subscription.cancelAtPeriodEnd && subscription.currentPeriodEnd <= now;
  if (cancelDue || status === "canceled") {
    events.push({
      // A cancel we scheduled ends here; a status of "canceled" was set elsewhere (billing), and
      // only now does the plan follow it.
      action: cancelDue ? "canceled" : "status_changed",
      fromPlanId: planId,
      toPlanId: effective.planId,
      fromStatus: status,
      toStatus: effective.status,
      reason: cancelDue
        ? `canceled at the period end ${subscription.currentPeriodEnd.toISOString()}`
        : "the subscription was canceled",
    });
    planId = effective.planId;
    status = effective.status;
    changes.cancelAtPeriodEnd = false;
    changes.canceledAt =
      subscription.canceledAt ?? (cancelDue ? subscription.currentPeriodEnd : now);
  }

  if (status !== effective.status) {
    const trialEnded = status === "trialing" && effective.status === "expired";
    events.push({
      action: trialEnded ? "trial_expired" : "status_changed",
      fromPlanId: planId,
      toPlanId: planId,
      fromStatus: status,
      toStatus: effective.status,
      reason: trialEnded
        ? `the trial ended at ${subscription.trialEndsAt?.toISOString() ?? "its end"}`
        : null,
    });
    status = effective.status;
  }

  if (subscription.currentPeriodEnd <= now) {
    const period = billingPeriodFor({
      anchor: effective.anchor,
      at: now,
      interval: effective.interval,
    });
    const skipped = periodsBetween(subscription.currentPeriodEnd, period.start, effective);
    events.push({
      action: "renewed",
      fromPlanId: planId,
      toPlanId: planId,
      fromStatus: status,
      toStatus: status,
      reason:
        skipped === 0
          ? `period ${period.start.toISOString()} to ${period.end.toISOString()}`
          : `period ${period.start.toISOString()} to ${period.end.toISOString()}, after ${skipped} missed period(s)`,
    });
    changes.currentPeriodStart = period.start;
    changes.currentPeriodEnd = period.end;
  }

  return { changes, events };
}

/** How many whole billing periods start at or after `from` and before `to`. */
function periodsBetween(
  from: Date,
  to: Date,
  { anchor, interval }: { anchor: Date; interval: Subscription["billingInterval"] },
): number {
  let count = 0;
  for (let start = from; start < to; count += 1) {
    start = billingPeriodFor({ anchor, at: start, interval }).end;
  }
  return count;
}
