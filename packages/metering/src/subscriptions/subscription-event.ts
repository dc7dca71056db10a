import {
  type Database,
  type Subscription,
  type SubscriptionAction,
  type SubscriptionEventDetails,
  type SubscriptionStatus,
  subscriptionEvents,
} from "@tally/db";
import { sql } from "drizzle-orm";

/** Who asked for a change: a signed-in user (a platform admin or not), or the system (null). */
export interface Actor {
  userId: string | null;
  isAdmin: boolean;
}

/** The transition jobs act as nobody. */
export const SYSTEM_ACTOR: Actor = { userId: null, isAdmin: false };

/** One line of a subscription's history, before it is written. */
export interface SubscriptionEventDraft {
  action: SubscriptionAction;
  fromPlanId: string | null;
  toPlanId: string;
  fromStatus: SubscriptionStatus | null;
  toStatus: SubscriptionStatus;
  reason: string | null;
  details?: SubscriptionEventDetails;
}

/**
 * Appends `events` to the subscription's history; call it in the transaction that made the
 * change. Each row takes `clock_timestamp()` rather than the transaction's start time, so events
 * written by one transaction (created, then trial started) keep their order in the history.
 */
export async function recordSubscriptionEvents(
  db: Database,
  subscription: Pick<Subscription, "id" | "accountId">,
  actor: Actor,
  events: readonly SubscriptionEventDraft[],
): Promise<void> {
  for (const event of events) {
    await db.insert(subscriptionEvents).values({
      ...event,
      accountId: subscription.accountId,
      subscriptionId: subscription.id,
      actorUserId: actor.userId,
      isAdminAction: actor.isAdmin,
      createdAt: sql`clock_timestamp()`,
    });
  }
}

/** The from/to columns of a history line for a change that keeps the plan and the status. */
export function unchangedPlanAndStatus(subscription: Pick<Subscription, "planId" | "status">) {
  return {
    fromPlanId: subscription.planId,
    toPlanId: subscription.planId,
    fromStatus: subscription.status,
    toStatus: subscription.status,
  };
}

/** A limit override's line in the history: the plan and status stay, the details say what moved. */
export function overrideEvent(
  subscription: Pick<Subscription, "planId" | "status">,
  action: "limit_override_set" | "limit_override_cleared",
  reason: string,
  details: SubscriptionEventDetails,
): SubscriptionEventDraft {
  return { action, ...unchangedPlanAndStatus(subscription), reason, details };
}
