import type { BillingInterval, Database, Subscription } from "@tally/db";
import { type AnyCatalog, comparePlans, type PlanId, planOf } from "@tally/tier-config";
import { immediatePlanChanges } from "./immediate-plan-changes";
import { optionalReason, requirePlanId } from "./input-checks";
import { mutateSubscription, type SubscriptionChange } from "./mutate-subscription";
import { planChangeRefused } from "./plan-change-error";
import type { Actor } from "./subscription-event";

export interface ChangePlanInput {
  accountId: string;
  toPlanId: string;
  /** Monthly or annual billing; only an upgrade can switch it, since it takes effect at once. */
  interval?: BillingInterval;
  actor: Actor;
  reason?: string;
  now: Date;
}

export interface ChangePlanResult {
  subscription: Subscription;
  effect: "upgraded" | "downgrade_scheduled";
  /** When the new plan's allowances apply: now for an upgrade, the period end for a downgrade. */
  effectiveAt: Date;
}

type Effect = Omit<ChangePlanResult, "subscription">;

/**
 * A member's own plan change. An upgrade applies at once, to the current period; a downgrade
 * waits for the end of the period the account has paid for. Choosing the current plan, a plan
 * only operators assign, or a trial plan (trials are not restarted; cancel instead) is refused.
 */
export async function changePlan(
  db: Database,
  catalog: AnyCatalog,
  { accountId, toPlanId, interval, actor, reason, now }: ChangePlanInput,
): Promise<ChangePlanResult> {
  const target = requirePlanId(catalog, toPlanId);
  const note = optionalReason(reason);
  if (!actor.isAdmin && planOf(catalog, target).selfServe === false) {
    throw planChangeRefused("not_self_serve", `plan "${target}" is assigned by operators only`, {
      planId: target,
    });
  }
  const { subscription, outcome } = await mutateSubscription(
    db,
    catalog,
    { accountId, actor, now },
    (current) => decide(catalog, current, { target, interval, note, now }),
  );
  return { subscription, ...outcome };
}

function decide(
  catalog: AnyCatalog,
  current: Subscription,
  {
    target,
    interval,
    note,
    now,
  }: {
    target: PlanId<AnyCatalog>;
    interval: BillingInterval | undefined;
    note: string | null;
    now: Date;
  },
): SubscriptionChange<Effect> {
  const from = requirePlanId(catalog, current.planId);
  const direction = comparePlans(catalog, from, target);
  if (direction === "same") {
    throw planChangeRefused("same_plan", `the account is already on plan "${target}"`, {
      planId: target,
    });
  }
  if (planOf(catalog, target).trialDays !== undefined) {
    throw planChangeRefused(
      "trial_plan",
      `plan "${target}" is a trial, which does not start again; cancel to return to it`,
      { planId: target },
    );
  }

  if (direction === "upgrade") {
    const changes = immediatePlanChanges(catalog, current, {
      planId: target,
      interval,
      now,
      startTrial: false,
    });
    return {
      changes,
      event: {
        action: "upgraded",
        fromPlanId: from,
        toPlanId: target,
        fromStatus: current.status,
        toStatus: changes.status ?? current.status,
        reason: note,
      },
      outcome: { effect: "upgraded", effectiveAt: now },
    };
  }

  if (interval !== undefined && interval !== current.billingInterval) {
    throw planChangeRefused(
      "interval_change_on_downgrade",
      "billing can switch between monthly and annual only with an upgrade",
      { interval },
    );
  }
  if (current.scheduledPlanId === target) {
    throw planChangeRefused(
      "already_scheduled",
      `a downgrade to "${target}" is already scheduled`,
      { planId: target, effectiveAt: current.scheduledChangeAt },
    );
  }
  return {
    changes: {
      scheduledPlanId: target,
      scheduledChangeAt: current.currentPeriodEnd,
      // The downgrade replaces a pending cancel: the account chose a plan to stay on.
      cancelAtPeriodEnd: false,
    },
    event: {
      action: "downgrade_scheduled",
      fromPlanId: from,
      toPlanId: target,
      fromStatus: current.status,
      toStatus: current.status,
      reason: note,
    },
    outcome: { effect: "downgrade_scheduled", effectiveAt: current.currentPeriodEnd },
  };
}
