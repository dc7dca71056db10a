import { type Database, type Subscription, subscriptions } from "@tally/db";
import { eq } from "drizzle-orm";
import { BillingError } from "../errors";

/** The account's subscription, or `not_found`: an account without one has nothing to bill. */
export async function requireSubscription(db: Database, accountId: string): Promise<Subscription> {
  const [subscription] = await db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.accountId, accountId));
  if (subscription === undefined) {
    throw new BillingError("not_found", `account ${accountId} has no subscription`, { accountId });
  }
  return subscription;
}
