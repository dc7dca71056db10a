import { accounts, type Database, limitOverrides, subscriptions, usageCounters } from "@tally/db";
import { and, eq, gte } from "drizzle-orm";

/**
 * Counters that moved since `since`, with what is needed to judge them against their limit: the
 * account's plan and any override for the meter. The limit itself comes from the catalog.
 */
export async function countersTouchedSince(db: Database, params: { since: Date }) {
  return db
    .select({
      accountId: accounts.id,
      name: accounts.name,
      slug: accounts.slug,
      planId: subscriptions.planId,
      meterId: usageCounters.meterId,
      periodStart: usageCounters.periodStart,
      periodEnd: usageCounters.periodEnd,
      used: usageCounters.used,
      overrideAllowance: limitOverrides.allowance,
      overrideMeterId: limitOverrides.meterId,
    })
    .from(usageCounters)
    .innerJoin(accounts, eq(accounts.id, usageCounters.accountId))
    .innerJoin(subscriptions, eq(subscriptions.accountId, usageCounters.accountId))
    .leftJoin(
      limitOverrides,
      and(
        eq(limitOverrides.accountId, usageCounters.accountId),
        eq(limitOverrides.meterId, usageCounters.meterId),
      ),
    )
    .where(
      and(gte(usageCounters.updatedAt, params.since), gte(usageCounters.periodEnd, params.since)),
    );
}
