import { type Account, accounts, type Database } from "@tally/db";
import { and, eq, isNull } from "drizzle-orm";
import { BillingError } from "../errors";
import { idempotencyKey } from "../stripe/idempotency-keys";
import type { StripeGateway } from "../stripe/stripe-gateway";

/**
 * The account's Stripe customer id, creating the customer the first time. `created` is true when
 * no earlier push had stored a customer, so no earlier push can have made an invoice for it. The key is the
 * account's, so a retry after a crash between Stripe's answer and the update below gets the same
 * customer back instead of a second one.
 */
export async function ensureCustomer(
  db: Database,
  gateway: StripeGateway,
  account: Account,
): Promise<{ customerId: string; created: boolean }> {
  if (account.stripeCustomerId) return { customerId: account.stripeCustomerId, created: false };
  const customer = await gateway.createCustomer({
    accountId: account.id,
    name: account.name,
    idempotencyKey: idempotencyKey("customer", account.id),
  });
  await db
    .update(accounts)
    .set({ stripeCustomerId: customer.id })
    .where(and(eq(accounts.id, account.id), isNull(accounts.stripeCustomerId)));
  // Another worker may have stored one first; theirs is the account's customer.
  const [stored] = await db
    .select({ stripeCustomerId: accounts.stripeCustomerId })
    .from(accounts)
    .where(eq(accounts.id, account.id));
  if (!stored?.stripeCustomerId) {
    throw new BillingError("not_found", `Account ${account.id} vanished while pushing`, {
      accountId: account.id,
    });
  }
  return { customerId: stored.stripeCustomerId, created: stored.stripeCustomerId === customer.id };
}
