import { type Database, type Subscription, subscriptions } from "@tally/db";
import type { AnyCatalog } from "@tally/tier-config";
import { eq } from "drizzle-orm";
import { materialize } from "./materialize";
import { recordSubscriptionEvents, SYSTEM_ACTOR } from "./subscription-event";

/**
 * Writes the transitions due at `now` on a subscription the caller has locked, with their
 * history, and returns the row as stored (the same row when nothing was due).
 */
export async function storeDueTransitions(
  db: Database,
  catalog: AnyCatalog,
  subscription: Subscription,
  now: Date,
): Promise<{ subscription: Subscription; events: number }> {
  const materialization = materialize(catalog, subscription, now);
  if (!materialization) return { subscription, events: 0 };
  const [updated] = await db
    .update(subscriptions)
    .set(materialization.changes)
    .where(eq(subscriptions.id, subscription.id))
    .returning();
  if (!updated) throw new Error(`subscription ${subscription.id} vanished while locked`);
  await recordSubscriptionEvents(db, updated, SYSTEM_ACTOR, materialization.events);
  return { subscription: updated, events: materialization.events.length };
}
