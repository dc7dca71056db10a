import { type Database, type Subscription, subscriptions } from "@tally/db";
import type { AnyCatalog } from "@tally/tier-config";
import { eq } from "drizzle-orm";
import { lockSubscription } from "./lock-subscription";
import type { SubscriptionChanges } from "./materialize";
import { storeDueTransitions } from "./store-due-transitions";
import {
  type Actor,
  recordSubscriptionEvents,
  type SubscriptionEventDraft,
} from "./subscription-event";

/** What one operation decides to do to a subscription. */
export interface SubscriptionChange<T> {
  changes: SubscriptionChanges;
  event: SubscriptionEventDraft;
  /** Anything else the operation returns to its caller. */
  outcome: T;
}

/**
 * The one way plan operations change a subscription: in a transaction, lock the row, first store
 * whatever transitions are already due (so `decide` sees the plan the account is really on, not
 * one a job has yet to update), then apply `decide`'s change and its history line. When `decide`
 * throws, the transaction rolls back and nothing is written.
 */
export async function mutateSubscription<T>(
  db: Database,
  catalog: AnyCatalog,
  { accountId, actor, now }: { accountId: string; actor: Actor; now: Date },
  decide: (current: Subscription) => SubscriptionChange<T>,
): Promise<{ subscription: Subscription; outcome: T }> {
  return db.transaction(async (tx) => {
    const locked = await lockSubscription(tx, accountId);
    const { subscription: current } = await storeDueTransitions(tx, catalog, locked, now);
    const { changes, event, outcome } = decide(current);
    const [updated] = await tx
      .update(subscriptions)
      .set(changes)
      .where(eq(subscriptions.id, current.id))
      .returning();
    if (!updated) throw new Error(`subscription ${current.id} vanished while locked`);
    await recordSubscriptionEvents(tx, updated, actor, [event]);
    return { subscription: updated, outcome };
  });
}
