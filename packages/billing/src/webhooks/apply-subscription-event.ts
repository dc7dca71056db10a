import { accounts, type Database, type SubscriptionStatus, subscriptions } from "@tally/db";
import { eq } from "drizzle-orm";
import { setSubscriptionStatus } from "./set-subscription-status";
import type { StripeSubscriptionObject } from "./stripe-objects";

export type SubscriptionEventType =
  | "customer.subscription.updated"
  | "customer.subscription.deleted";

export const subscriptionEventTypes: readonly SubscriptionEventType[] = [
  "customer.subscription.updated",
  "customer.subscription.deleted",
];

/**
 * Stripe's subscription statuses in Tally's terms. `incomplete` (the first payment is still being
 * attempted) and `paused` have no Tally counterpart and leave the status as it is; the metering
 * jobs turn `canceled` into the free plan.
 */
const STATUS_FROM_STRIPE: Record<string, SubscriptionStatus | undefined> = {
  trialing: "trialing",
  active: "active",
  past_due: "past_due",
  unpaid: "past_due",
  canceled: "canceled",
  incomplete_expired: "canceled",
};

/**
 * Mirrors a Stripe subscription's status onto the account's subscription, found by the stored
 * Stripe subscription id or else by the Stripe customer (linking the two on first sight).
 * Returns false when the subscription is not one of Tally's.
 */
export async function applySubscriptionEvent(
  tx: Database,
  {
    type,
    object,
    now,
  }: { type: SubscriptionEventType; object: StripeSubscriptionObject; now: Date },
): Promise<boolean> {
  let [subscription] = await tx
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.stripeSubscriptionId, object.id))
    .for("update");
  if (!subscription && object.customer) {
    const [byCustomer] = await tx
      .select({ subscription: subscriptions })
      .from(subscriptions)
      .innerJoin(accounts, eq(accounts.id, subscriptions.accountId))
      .where(eq(accounts.stripeCustomerId, object.customer))
      .for("update", { of: subscriptions });
    if (byCustomer && byCustomer.subscription.stripeSubscriptionId === null) {
      subscription = byCustomer.subscription;
      await tx
        .update(subscriptions)
        .set({ stripeSubscriptionId: object.id })
        .where(eq(subscriptions.id, subscription.id));
    }
  }
  if (!subscription) return false;

  const to =
    type === "customer.subscription.deleted" ? "canceled" : STATUS_FROM_STRIPE[object.status];
  // A canceled subscription is final: a late `updated` from before the cancel does not revive it.
  if (to === undefined || subscription.status === "canceled") return true;
  await setSubscriptionStatus(tx, subscription, {
    to,
    reason: `Stripe subscription ${object.id} is ${type === "customer.subscription.deleted" ? "deleted" : object.status}`,
    now,
  });
  return true;
}
