import { type Database, type Subscription, subscriptions } from "@tally/db";
import { eq } from "drizzle-orm";
import { MeteringError } from "../errors";
import { isUuid } from "./input-checks";

/**
 * The account's subscription, locked (`SELECT ... FOR UPDATE`) until the caller's transaction
 * ends, so concurrent changes to one account run one after the other and each sees the previous
 * one's result.
 */
export async function lockSubscription(db: Database, accountId: string): Promise<Subscription> {
  const [subscription] = isUuid(accountId)
    ? await db
        .select()
        .from(subscriptions)
        .where(eq(subscriptions.accountId, accountId))
        .for("update")
    : [];
  if (!subscription) {
    throw new MeteringError("no_subscription", `account ${accountId} has no subscription`, {
      accountId,
    });
  }
  return subscription;
}
