import {
  type Database,
  type Subscription,
  type SubscriptionStatus,
  subscriptionEvents,
  subscriptions,
} from "@tally/db";
import { eq, sql } from "drizzle-orm";

/**
 * Changes a subscription's status for a Stripe event and appends the change to its history, in
 * the caller's transaction. Does nothing when the status already is `to`.
 */
export async function setSubscriptionStatus(
  tx: Database,
  subscription: Subscription,
  { to, reason, now }: { to: SubscriptionStatus; reason: string; now: Date },
): Promise<boolean> {
  if (subscription.status === to) return false;
  await tx
    .update(subscriptions)
    .set({
      status: to,
      ...(to === "canceled" ? { canceledAt: subscription.canceledAt ?? now } : {}),
    })
    .where(eq(subscriptions.id, subscription.id));
  await tx.insert(subscriptionEvents).values({
    accountId: subscription.accountId,
    subscriptionId: subscription.id,
    action: "status_changed",
    fromPlanId: subscription.planId,
    toPlanId: subscription.planId,
    fromStatus: subscription.status,
    toStatus: to,
    actorUserId: null,
    reason,
    createdAt: sql`clock_timestamp()`,
  });
  return true;
}
