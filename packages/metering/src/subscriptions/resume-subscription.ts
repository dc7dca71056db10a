import type { Database, Subscription } from "@tally/db";
import type { AnyCatalog } from "@tally/tier-config";
import { optionalReason } from "./input-checks";
import { mutateSubscription } from "./mutate-subscription";
import { planChangeRefused } from "./plan-change-error";
import { type Actor, unchangedPlanAndStatus } from "./subscription-event";

export interface ResumeSubscriptionInput {
  accountId: string;
  actor: Actor;
  reason?: string;
  now: Date;
}

export interface ResumeSubscriptionResult {
  subscription: Subscription;
  /** What was waiting for the period end and no longer is. */
  cleared: "cancel" | "downgrade";
}

/**
 * Keeps the current plan past the period end: drops a pending cancel or scheduled downgrade.
 * Only possible before it takes effect; afterwards the account is on the other plan and must
 * change plans again.
 */
export async function resumeSubscription(
  db: Database,
  catalog: AnyCatalog,
  { accountId, actor, reason, now }: ResumeSubscriptionInput,
): Promise<ResumeSubscriptionResult> {
  const note = optionalReason(reason);
  const { subscription, outcome } = await mutateSubscription(
    db,
    catalog,
    { accountId, actor, now },
    (current) => {
      const unchanged = unchangedPlanAndStatus(current);
      if (current.cancelAtPeriodEnd) {
        return {
          changes: { cancelAtPeriodEnd: false },
          event: { action: "resumed", ...unchanged, reason: note },
          outcome: "cancel" as const,
        };
      }
      if (current.scheduledPlanId !== null) {
        return {
          changes: { scheduledPlanId: null, scheduledChangeAt: null },
          event: {
            action: "scheduled_change_cleared",
            ...unchanged,
            // The history has no column for the dropped plan, so the default reason names it.
            reason: note ?? `dropped the downgrade to "${current.scheduledPlanId}"`,
          },
          outcome: "downgrade" as const,
        };
      }
      throw planChangeRefused("nothing_to_resume", "no cancel or downgrade is pending");
    },
  );
  return { subscription, cleared: outcome };
}
