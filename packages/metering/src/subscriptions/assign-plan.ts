import type { BillingInterval, Database, Subscription } from "@tally/db";
import { type AnyCatalog, planOf } from "@tally/tier-config";
import { immediatePlanChanges } from "./immediate-plan-changes";
import { requirePlanId, requireReason } from "./input-checks";
import { mutateSubscription } from "./mutate-subscription";
import { planChangeRefused } from "./plan-change-error";

export interface AssignPlanInput {
  accountId: string;
  planId: string;
  interval?: BillingInterval;
  /** The platform admin acting; the history marks the change as an admin action. */
  actor: { userId: string };
  /** Required: the next operator needs to know why the account is on this plan. */
  reason: string;
  now: Date;
}

/**
 * An operator puts an account on a plan at once, in either direction and bypassing payment,
 * e.g. a sponsored plan or a goodwill upgrade. Pending cancels and downgrades are dropped. A
 * trial plan starts a fresh trial, which is how an operator extends one.
 */
export async function assignPlan(
  db: Database,
  catalog: AnyCatalog,
  { accountId, planId, interval, actor, reason, now }: AssignPlanInput,
): Promise<{ subscription: Subscription }> {
  const target = requirePlanId(catalog, planId);
  const why = requireReason(reason);
  const startTrial = planOf(catalog, target).trialDays !== undefined;
  const { subscription } = await mutateSubscription(
    db,
    catalog,
    { accountId, actor: { userId: actor.userId, isAdmin: true }, now },
    (current) => {
      const changes = immediatePlanChanges(catalog, current, {
        planId: target,
        interval,
        now,
        startTrial,
      });
      const toStatus = changes.status ?? current.status;
      const nothingChanges =
        target === current.planId &&
        toStatus === current.status &&
        changes.billingInterval === undefined &&
        !current.cancelAtPeriodEnd &&
        current.scheduledPlanId === null &&
        !startTrial;
      if (nothingChanges) {
        throw planChangeRefused("same_plan", `the account is already on plan "${target}"`, {
          planId: target,
        });
      }
      return {
        changes,
        event: {
          action: "plan_assigned",
          fromPlanId: current.planId,
          toPlanId: target,
          fromStatus: current.status,
          toStatus,
          reason: why,
        },
        outcome: null,
      };
    },
  );
  return { subscription };
}
