import { randomBytes } from "node:crypto";
import {
  type Database,
  type NewSubscription,
  type Subscription,
  subscriptions,
  type User,
  users,
} from "@tally/db";
import { insertAccount } from "@tally/db/testing";

/** Inserts a user with a unique id and email, for tests that need an actor or an owner. */
export async function insertUser(db: Database, values: Partial<User> = {}): Promise<User> {
  const suffix = randomBytes(4).toString("hex");
  const [user] = await db
    .insert(users)
    .values({
      id: `user-${suffix}`,
      name: `User ${suffix}`,
      email: `${suffix}@example.test`,
      ...values,
    })
    .returning();
  if (!user) throw new Error("inserting a user returned no row");
  return user;
}

/**
 * An account with a subscription row exactly as given, for tests that start from a state
 * (a trial about to end, a downgrade scheduled long ago) rather than build it through the API.
 */
export async function insertSubscription(
  db: Database,
  values: Omit<NewSubscription, "accountId">,
): Promise<Subscription> {
  const account = await insertAccount(db);
  const [subscription] = await db
    .insert(subscriptions)
    .values({ ...values, accountId: account.id })
    .returning();
  if (!subscription) throw new Error("inserting a subscription returned no row");
  return subscription;
}
