import { type Database, usageCounters } from "@tally/db";
import { and, eq, sql } from "drizzle-orm";
import { preparedRows } from "./prepared-rows";

/** One counter row: an account's usage of a meter in one period. */
export interface CounterKey {
  accountId: string;
  meterId: string;
  periodStart: Date;
}

/**
 * Adds `quantity` to a counter, creating it for a new period, and returns the counter after, or
 * null when that would pass `hardLimit`. The check and the increment are one statement, so the
 * row lock orders concurrent callers and none of them can pass the limit, whatever they read
 * before. A first insert writes `quantity` itself, which the caller has already checked is within
 * the limit.
 */
export async function incrementCounter(
  tx: Database,
  counter: CounterKey & { periodEnd: Date },
  quantity: number,
  hardLimit: number | null,
): Promise<number | null> {
  const [row] = await tx
    .insert(usageCounters)
    .values({ ...counter, used: quantity })
    .onConflictDoUpdate({
      target: [usageCounters.accountId, usageCounters.meterId, usageCounters.periodStart],
      set: { used: sql`${usageCounters.used} + ${quantity}` },
      setWhere:
        hardLimit === null ? undefined : sql`${usageCounters.used} + ${quantity} <= ${hardLimit}`,
    })
    .returning({ used: usageCounters.used });
  return row?.used ?? null;
}

/** Takes a released quantity back off its counter. */
export async function decrementCounter(
  tx: Database,
  counter: CounterKey,
  quantity: number,
): Promise<void> {
  await tx
    .update(usageCounters)
    .set({ used: sql`${usageCounters.used} - ${quantity}` })
    .where(counterIs(counter));
}

/**
 * A counter's value by primary key: the only read a limit check makes. Zero before any usage.
 * Prepared (see `preparedRows`), because every check of every meter runs it.
 */
export async function readCounter(
  db: Database,
  { accountId, meterId, periodStart }: CounterKey,
): Promise<number> {
  const [row] = await preparedRows<{ used: string }>(
    db,
    sql`select used::text as used from usage_counters
      where account_id = ${accountId}::uuid and meter_id = ${meterId}
        and period_start = ${periodStart.toISOString()}::timestamptz`,
  );
  return row === undefined ? 0 : Number(row.used);
}

/** The primary-key condition of one counter row. */
export function counterIs({ accountId, meterId, periodStart }: CounterKey) {
  return and(
    eq(usageCounters.accountId, accountId),
    eq(usageCounters.meterId, meterId),
    eq(usageCounters.periodStart, periodStart),
  );
}
