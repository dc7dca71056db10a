import { type Database, subscriptions } from "@tally/db";
import type { AnyCatalog } from "@tally/tier-config";
import { eq, isNotNull, lte, type SQL, sql } from "drizzle-orm";
import { MeteringError } from "../errors";
import { storeDueTransitions } from "./store-due-transitions";

export interface ApplyDueTransitionsInput {
  now: Date;
  /** How many subscriptions one call locks and updates, in one transaction. */
  batchSize: number;
}

export interface ApplyDueTransitionsResult {
  /** Due subscriptions this call locked; fewer than `batchSize` means none were left for it. */
  selected: number;
  /** Of those, how many changed (a row another worker changed first is skipped). */
  transitioned: number;
  /** History lines written. */
  events: number;
  /**
   * Subscriptions the catalog cannot interpret (a plan id it no longer has); they are left as
   * they are for an operator, and the rest of the batch goes on.
   */
  failed: { subscriptionId: string; accountId: string; message: string }[];
}

/**
 * Stores one batch of the transitions `effectivePlan` already applies lazily: scheduled
 * downgrades, cancels ending in the free plan, expired trials, and billing periods that ended
 * (several at once after downtime). Rows are claimed with `FOR UPDATE SKIP LOCKED`, so any number
 * of workers can run this side by side, each on different subscriptions; a subscription that is
 * not due any more is left alone, so running it again changes nothing. Call it until `selected`
 * is below `batchSize`.
 */
export async function applyDueTransitions(
  db: Database,
  catalog: AnyCatalog,
  { now, batchSize }: ApplyDueTransitionsInput,
): Promise<ApplyDueTransitionsResult> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(subscriptions)
      .where(dueAt(now))
      .orderBy(subscriptions.currentPeriodEnd)
      .limit(batchSize)
      .for("update", { skipLocked: true });
    const result: ApplyDueTransitionsResult = {
      selected: due.length,
      transitioned: 0,
      events: 0,
      failed: [],
    };
    for (const subscription of due) {
      try {
        const stored = await storeDueTransitions(tx, catalog, subscription, now);
        if (stored.events > 0) result.transitioned += 1;
        result.events += stored.events;
      } catch (error) {
        // A MeteringError is thrown while working out the transition, before anything is
        // written, so the transaction is still good for the other rows.
        if (!(error instanceof MeteringError)) throw error;
        const { id: subscriptionId, accountId } = subscription;
        result.failed.push({ subscriptionId, accountId, message: error.message });
      }
    }
    return result;
  });
}

/** `isDue` (materialize.ts) in SQL. */
function dueAt(now: Date): SQL {
  // The comparisons go through column operators so that `now` is encoded as the column's type.
  const { currentPeriodEnd, scheduledPlanId, scheduledChangeAt, status, trialEndsAt } =
    subscriptions;
  return sql`(${lte(currentPeriodEnd, now)}
    or (${isNotNull(scheduledPlanId)} and ${lte(scheduledChangeAt, now)})
    or (${eq(status, "trialing")} and ${lte(trialEndsAt, now)})
    or ${eq(status, "canceled")})`;
}
