import { type Database, usageCounters, usageEvents } from "@tally/db";
import { rebuildCounters } from "@tally/metering";
import { and, eq } from "drizzle-orm";

export interface LedgerState {
  /** Usage rows per idempotency key (the key as the caller sent it, without the procedure). */
  countedKeys: Map<string, number>;
  /** Usage rows that a release row compensates. */
  released: number;
  counterUsed: number;
  /** What `rebuildCounters` finds different between the counters and the events. */
  counterDifferences: number;
}

/** The ledger of one account's meter, as an auditor would read it after the chaos. */
export async function readLedger(
  db: Database,
  { accountId, meterId, keyPrefix }: { accountId: string; meterId: string; keyPrefix: string },
): Promise<LedgerState> {
  const rows = await db
    .select({ kind: usageEvents.kind, key: usageEvents.idempotencyKey })
    .from(usageEvents)
    .where(and(eq(usageEvents.accountId, accountId), eq(usageEvents.meterId, meterId)));
  const countedKeys = new Map<string, number>();
  let released = 0;
  for (const row of rows) {
    if (row.kind === "release") {
      released++;
      continue;
    }
    const key = (row.key ?? "").startsWith(keyPrefix)
      ? (row.key ?? "").slice(keyPrefix.length)
      : "";
    countedKeys.set(key, (countedKeys.get(key) ?? 0) + 1);
  }
  const counters = await db
    .select({ used: usageCounters.used })
    .from(usageCounters)
    .where(and(eq(usageCounters.accountId, accountId), eq(usageCounters.meterId, meterId)));
  const { differences } = await rebuildCounters(db, { accountId });
  return {
    countedKeys,
    released,
    counterUsed: counters.reduce((sum, counter) => sum + counter.used, 0),
    counterDifferences: differences.length,
  };
}
