import {
  accounts,
  type BillingInterval,
  type Database,
  type SubscriptionStatus,
  subscriptions,
} from "@tally/db";
import { and, asc, count, eq, type SQL } from "drizzle-orm";

export interface SubscriptionFilter {
  planId?: string;
  status?: SubscriptionStatus;
  interval?: BillingInterval;
}

function filterBy(filter: SubscriptionFilter): SQL | undefined {
  return and(
    filter.planId === undefined ? undefined : eq(subscriptions.planId, filter.planId),
    filter.status === undefined ? undefined : eq(subscriptions.status, filter.status),
    filter.interval === undefined ? undefined : eq(subscriptions.billingInterval, filter.interval),
  );
}

/** One page of subscriptions, oldest account first, with the total for the pager. */
export async function listSubscriptions(
  db: Database,
  params: { filter: SubscriptionFilter; page: number; pageSize: number },
) {
  const where = filterBy(params.filter);
  const rows = await db
    .select({
      accountId: accounts.id,
      accountName: accounts.name,
      slug: accounts.slug,
      planId: subscriptions.planId,
      status: subscriptions.status,
      interval: subscriptions.billingInterval,
      currentPeriodEnd: subscriptions.currentPeriodEnd,
      cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd,
      scheduledPlanId: subscriptions.scheduledPlanId,
      createdAt: subscriptions.createdAt,
    })
    .from(subscriptions)
    .innerJoin(accounts, eq(accounts.id, subscriptions.accountId))
    .where(where)
    .orderBy(asc(subscriptions.createdAt), asc(subscriptions.id))
    .limit(params.pageSize)
    .offset((params.page - 1) * params.pageSize);
  const [total] = await db.select({ total: count() }).from(subscriptions).where(where);
  return { items: rows, page: params.page, pageSize: params.pageSize, total: total?.total ?? 0 };
}

/** Subscription counts per (plan, billing interval, status). */
export async function subscriptionCounts(db: Database) {
  return db
    .select({
      planId: subscriptions.planId,
      interval: subscriptions.billingInterval,
      status: subscriptions.status,
      accounts: count(),
    })
    .from(subscriptions)
    .groupBy(subscriptions.planId, subscriptions.billingInterval, subscriptions.status);
}
