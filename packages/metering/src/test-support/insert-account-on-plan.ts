import {
  type Account,
  type Database,
  type NewAccount,
  type NewSubscription,
  type Subscription,
  subscriptions,
} from "@tally/db";
import { insertAccount } from "@tally/db/testing";
import { billingPeriodFor } from "@tally/tier-config";

export interface AccountOnPlanInput
  extends Partial<Omit<NewSubscription, "accountId" | "billingAnchor">> {
  planId: string;
  /** Billing periods count from here; the first period starts at it. */
  anchor: Date;
  account?: Partial<NewAccount>;
}

/**
 * Inserts an account and its subscription rows directly, as they would be after signup or a plan
 * change, so engine tests can start from any state (a trial ending, a scheduled downgrade)
 * without going through the subscription functions.
 */
export async function insertAccountOnPlan(
  db: Database,
  { planId, anchor, account: accountValues, ...values }: AccountOnPlanInput,
): Promise<{ account: Account; subscription: Subscription }> {
  const account = await insertAccount(db, accountValues);
  const interval = values.billingInterval ?? "month";
  const period = billingPeriodFor({ anchor, at: anchor, interval });
  const [subscription] = await db
    .insert(subscriptions)
    .values({
      accountId: account.id,
      planId,
      status: "active",
      billingInterval: interval,
      billingAnchor: anchor,
      currentPeriodStart: period.start,
      currentPeriodEnd: period.end,
      ...values,
    })
    .returning();
  if (!subscription) throw new Error("inserting a subscription returned no row");
  return { account, subscription };
}
