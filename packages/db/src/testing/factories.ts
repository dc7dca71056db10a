import { randomBytes } from "node:crypto";
import type { Database } from "../database";
import { type Account, accounts, type NewAccount } from "../schema";

/** Inserts an account with a unique slug; pass `values` to set what the test cares about. */
export async function insertAccount(
  db: Database,
  values: Partial<NewAccount> = {},
): Promise<Account> {
  const suffix = randomBytes(4).toString("hex");
  const [account] = await db
    .insert(accounts)
    .values({ name: `Test account ${suffix}`, slug: `test-${suffix}`, ...values })
    .returning();
  if (!account) throw new Error("inserting an account returned no row");
  return account;
}
