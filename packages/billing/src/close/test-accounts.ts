import { randomUUID } from "node:crypto";
import { type BillingInterval, type Database, type User, users } from "@tally/db";
import { type Actor, createAccount, recordUsage } from "@tally/metering";
import type { AnyCatalog } from "@tally/tier-config";

/** A user to own accounts and act on them. */
export async function insertUser(db: Database): Promise<User> {
  const id = randomUUID();
  const [user] = await db
    .insert(users)
    .values({ id, name: `User ${id}`, email: `${id}@example.test` })
    .returning();
  if (!user) throw new Error("inserting a user returned no row");
  return user;
}

export interface TestAccount {
  accountId: string;
  /** The owner, as the actor of their own plan changes. */
  actor: Actor;
}

/** An account created through the metering engine, its billing anchored at `anchor`. */
export async function newAccount(
  db: Database,
  catalog: AnyCatalog,
  { planId, anchor, interval }: { planId: string; anchor: Date; interval?: BillingInterval },
): Promise<TestAccount> {
  const owner = await insertUser(db);
  const { account } = await createAccount(db, catalog, {
    name: "Billing test",
    ownerUserId: owner.id,
    planId,
    now: anchor,
    ...(interval === undefined ? {} : { interval }),
  });
  return { accountId: account.id, actor: { userId: owner.id, isAdmin: false } };
}

/**
 * Usage that already happened (a finished voice call), counted through the engine at `now`:
 * measured usage is never refused, so a test can put any account past any allowance.
 */
export async function use(
  db: Database,
  catalog: AnyCatalog,
  {
    accountId,
    meterId,
    quantity,
    now,
  }: {
    accountId: string;
    meterId: string;
    quantity: number;
    now: Date;
  },
): Promise<void> {
  await recordUsage(
    { db, catalog },
    { accountId, meterId, quantity, now, mode: "measured", idempotencyKey: randomUUID() },
  );
}

/** `date` moved by whole days, for readable timelines. */
export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}
