import { type Database, usageCounters, usageEvents } from "@tally/db";
import { and, count, eq, type SQL, sql } from "drizzle-orm";
import { type CounterKey, counterIs } from "./counter-queries";

export interface CounterDifference extends CounterKey {
  /** The counter's value; null when events exist but the counter row does not. */
  counter: number | null;
  /** What the events add up to: usage minus releases. */
  events: number;
}

export interface RebuildCountersResult {
  /** Counters (and event groups without one) compared. */
  checked: number;
  differences: CounterDifference[];
  /** Counters set back to their events' total; a missing counter row is reported, not made. */
  repaired: number;
}

/**
 * The reconciliation of invariant 4: recomputes every counter (of one account, or all) from the
 * call log and reports where they disagree; with `repair`, sets each differing counter to its
 * events' total. Reads the whole log in scope, so it is a maintenance job, never a request path.
 */
export async function rebuildCounters(
  db: Database,
  { accountId, repair = false }: { accountId?: string; repair?: boolean },
): Promise<RebuildCountersResult> {
  const { checked, differences } = await compare(db, accountId);
  let repaired = 0;
  if (repair) {
    for (const difference of differences) {
      if (await repairCounter(db, difference)) repaired += 1;
    }
  }
  return { checked, differences, repaired };
}

/** Usage adds, a release subtracts what it releases. */
const signedQuantity = sql`case when ${usageEvents.kind} = 'usage' then ${usageEvents.quantity} else -${usageEvents.quantity} end`;

/**
 * Counts and differences from one snapshot (repeatable read), so a recording that commits in
 * between cannot show up in one and not the other.
 */
function compare(
  db: Database,
  accountId: string | undefined,
): Promise<{ checked: number; differences: CounterDifference[] }> {
  return db.transaction(
    async (tx) => {
      const totals = tx
        .select({
          accountId: usageEvents.accountId,
          meterId: usageEvents.meterId,
          periodStart: usageEvents.periodStart,
          total: sql<number>`sum(${signedQuantity})`.mapWith(Number).as("total"),
        })
        .from(usageEvents)
        .where(accountId === undefined ? undefined : eq(usageEvents.accountId, accountId))
        .groupBy(usageEvents.accountId, usageEvents.meterId, usageEvents.periodStart)
        .as("totals");
      const counters = tx
        .select({
          accountId: usageCounters.accountId,
          meterId: usageCounters.meterId,
          periodStart: usageCounters.periodStart,
          used: usageCounters.used,
        })
        .from(usageCounters)
        .where(accountId === undefined ? undefined : eq(usageCounters.accountId, accountId))
        .as("counters");
      const sameKey = and(
        eq(counters.accountId, totals.accountId),
        eq(counters.meterId, totals.meterId),
        eq(counters.periodStart, totals.periodStart),
      );
      const disagree: SQL = sql`coalesce(${counters.used}, 0) <> coalesce(${totals.total}, 0)`;

      const [compared] = await tx
        .select({ checked: count() })
        .from(counters)
        .fullJoin(totals, sameKey);
      const rows = await tx
        .select({
          accountId: sql<string>`coalesce(${counters.accountId}, ${totals.accountId})`,
          meterId: sql<string>`coalesce(${counters.meterId}, ${totals.meterId})`,
          periodStart: sql<Date>`coalesce(${counters.periodStart}, ${totals.periodStart})`.mapWith(
            usageCounters.periodStart,
          ),
          counter: counters.used,
          events: totals.total,
        })
        .from(counters)
        .fullJoin(totals, sameKey)
        .where(disagree);
      return {
        checked: compared?.checked ?? 0,
        differences: rows.map((row) => ({ ...row, events: row.events ?? 0 })),
      };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

/**
 * Sets one counter to its events' total. The counter row is locked before the events are summed:
 * every recording and release moves the counter in the transaction that writes its event, so
 * while the lock is held no event of this counter can commit, and the sum stays exact.
 */
function repairCounter(db: Database, key: CounterKey): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [counter] = await tx
      .select({ used: usageCounters.used })
      .from(usageCounters)
      .where(counterIs(key))
      .for("update");
    if (counter === undefined) {
      return false;
    }
    const [events] = await tx
      .select({ total: sql<number>`coalesce(sum(${signedQuantity}), 0)`.mapWith(Number) })
      .from(usageEvents)
      .where(
        and(
          eq(usageEvents.accountId, key.accountId),
          eq(usageEvents.meterId, key.meterId),
          eq(usageEvents.periodStart, key.periodStart),
        ),
      );
    const total = events?.total ?? 0;
    if (total === counter.used) {
      return false;
    }
    await tx.update(usageCounters).set({ used: total }).where(counterIs(key));
    return true;
  });
}
