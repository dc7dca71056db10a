import { type Database, type LimitOverride, limitOverrides } from "@tally/db";
import type { AnyCatalog } from "@tally/tier-config";
import { sql } from "drizzle-orm";
import { MeteringError } from "../errors";
import { requireMeterId, requireReason } from "./input-checks";
import { lockSubscription } from "./lock-subscription";
import { type Actor, overrideEvent, recordSubscriptionEvents } from "./subscription-event";

export interface SetLimitOverrideInput {
  accountId: string;
  meterId: string;
  /** Per period, in the meter's stored unit. */
  allowance: number | "unlimited";
  reason: string;
  /** Normally a platform admin; recorded in the subscription history. */
  actor: Actor;
}

/**
 * Replaces the plan's allowance on one meter for one account (a negotiated contract, a goodwill
 * top-up), until cleared. It applies to the current period at once, whatever the plan.
 */
export async function setLimitOverride(
  db: Database,
  catalog: AnyCatalog,
  { accountId, meterId, allowance, reason, actor }: SetLimitOverrideInput,
): Promise<LimitOverride> {
  const meter = requireMeterId(catalog, meterId);
  if (allowance !== "unlimited" && !(Number.isSafeInteger(allowance) && allowance >= 0)) {
    throw new MeteringError(
      "invalid_quantity",
      'an allowance is a whole number of at least 0, or "unlimited"',
      { field: "allowance", allowance },
    );
  }
  const why = requireReason(reason);
  const values = {
    // The ledger stores unlimited as null.
    allowance: allowance === "unlimited" ? null : allowance,
    reason: why,
    createdByUserId: actor.userId,
  };
  return db.transaction(async (tx) => {
    // Serialises with plan changes on the account, and refuses accounts without a subscription.
    const subscription = await lockSubscription(tx, accountId);
    const [stored] = await tx
      .insert(limitOverrides)
      .values({ accountId, meterId: meter, ...values })
      .onConflictDoUpdate({
        target: [limitOverrides.accountId, limitOverrides.meterId],
        set: { ...values, updatedAt: sql`now()` },
      })
      .returning();
    if (!stored) throw new Error("upserting a limit override returned no row");
    await recordSubscriptionEvents(tx, subscription, actor, [
      overrideEvent(subscription, "limit_override_set", why, { meterId: meter, allowance }),
    ]);
    return stored;
  });
}
