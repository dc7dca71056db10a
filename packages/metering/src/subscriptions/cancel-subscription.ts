import type { Database, Subscription } from "@tally/db";
import type { AnyCatalog } from "@tally/tier-config";
import { optionalReason } from "./input-checks";
import { mutateSubscription } from "./mutate-subscription";
import { planChangeRefused } from "./plan-change-error";
import type { Actor } from "./subscription-event";

export interface CancelSubscriptionInput {
  accountId: string;
  actor: Actor;
  reason?: string;
  now: Date;
}

export interface CancelSubscriptionResult {
  subscription: Subscription;
  /** When the account moves to the catalog's free plan: the end of the paid period. */
  effectiveAt: Date;
}

/**
 * Cancels at the end of the current period: the account keeps its plan until then, and the
 * transition job (or, before it runs, `effectivePlan`) moves it to the catalog's free plan.
 * A pending downgrade is replaced by the cancel.
 */
export async function cancelSubscription(
  db: Database,
  catalog: AnyCatalog,
  { accountId, actor, reason, now }: CancelSubscriptionInput,
): Promise<CancelSubscriptionResult> {
  const note = optionalReason(reason);
  const { subscription, outcome } = await mutateSubscription(
    db,
    catalog,
    { accountId, actor, now },
    (current) => {
      if (current.planId === catalog.freePlan) {
        throw planChangeRefused("already_free", "the account is on the free plan already", {
          planId: current.planId,
        });
      }
      if (current.cancelAtPeriodEnd) {
        throw planChangeRefused("already_canceling", "the subscription is already canceling", {
          effectiveAt: current.currentPeriodEnd,
        });
      }
      return {
        changes: { cancelAtPeriodEnd: true, scheduledPlanId: null, scheduledChangeAt: null },
        event: {
          action: "cancel_scheduled",
          fromPlanId: current.planId,
          toPlanId: catalog.freePlan,
          fromStatus: current.status,
          toStatus: current.status,
          reason: note,
        },
        outcome: current.currentPeriodEnd,
      };
    },
  );
  return { subscription, effectiveAt: outcome };
}
