import { type Database, usageCounters, usageEvents } from "@tally/db";
import { and, eq, sql } from "drizzle-orm";

/**
 * One meter of one account, added up two ways over all periods: its counters, and its call log
 * (usage minus releases). Tests compare them to prove the counters never drift from the events.
 */
export async function ledgerTotals(
  db: Database,
  { accountId, meterId }: { accountId: string; meterId: string },
): Promise<{ counters: number; events: number; eventRows: number }> {
  const [counters] = await db
    .select({ total: sql<number>`coalesce(sum(${usageCounters.used}), 0)`.mapWith(Number) })
    .from(usageCounters)
    .where(and(eq(usageCounters.accountId, accountId), eq(usageCounters.meterId, meterId)));
  const [events] = await db
    .select({
      total: sql<number>`coalesce(sum(case when ${usageEvents.kind} = 'usage'
        then ${usageEvents.quantity} else -${usageEvents.quantity} end), 0)`.mapWith(Number),
      rows: sql<number>`count(*)`.mapWith(Number),
    })
    .from(usageEvents)
    .where(and(eq(usageEvents.accountId, accountId), eq(usageEvents.meterId, meterId)));
  return {
    counters: counters?.total ?? 0,
    events: events?.total ?? 0,
    eventRows: events?.rows ?? 0,
  };
}
