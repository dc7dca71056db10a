import { accounts, type Database, subscriptionEvents, subscriptions } from "@tally/db";
import { and, count, gte, lt } from "drizzle-orm";

/** Accounts per current plan. */
export async function accountsPerPlan(db: Database) {
  return db
    .select({ planId: subscriptions.planId, accounts: count() })
    .from(subscriptions)
    .groupBy(subscriptions.planId);
}

export async function accountsCreatedBetween(db: Database, params: { from: Date; to: Date }) {
  const [row] = await db
    .select({ accounts: count() })
    .from(accounts)
    .where(and(gte(accounts.createdAt, params.from), lt(accounts.createdAt, params.to)));
  return row?.accounts ?? 0;
}

/** Plan changes in `[from, to)`, for the caller to classify with the catalog's prices. */
export async function planChangesBetween(db: Database, params: { from: Date; to: Date }) {
  return db
    .select({
      accountId: subscriptionEvents.accountId,
      action: subscriptionEvents.action,
      fromPlanId: subscriptionEvents.fromPlanId,
      toPlanId: subscriptionEvents.toPlanId,
    })
    .from(subscriptionEvents)
    .where(
      and(
        gte(subscriptionEvents.createdAt, params.from),
        lt(subscriptionEvents.createdAt, params.to),
      ),
    );
}
