import { type Database, limitOverrides } from "@tally/db";
import type { AnyCatalog } from "@tally/tier-config";
import { and, eq } from "drizzle-orm";
import { requireMeterId, requireReason } from "./input-checks";
import { lockSubscription } from "./lock-subscription";
import { type Actor, overrideEvent, recordSubscriptionEvents } from "./subscription-event";

export interface ClearLimitOverrideInput {
  accountId: string;
  meterId: string;
  reason: string;
  actor: Actor;
}

/** Returns one meter of an account to its plan's allowance; `cleared` is false when none was set. */
export async function clearLimitOverride(
  db: Database,
  catalog: AnyCatalog,
  { accountId, meterId, reason, actor }: ClearLimitOverrideInput,
): Promise<{ cleared: boolean }> {
  const meter = requireMeterId(catalog, meterId);
  const why = requireReason(reason);
  return db.transaction(async (tx) => {
    const subscription = await lockSubscription(tx, accountId);
    const deleted = await tx
      .delete(limitOverrides)
      .where(and(eq(limitOverrides.accountId, accountId), eq(limitOverrides.meterId, meter)))
      .returning({ meterId: limitOverrides.meterId });
    if (deleted.length === 0) return { cleared: false };
    await recordSubscriptionEvents(tx, subscription, actor, [
      overrideEvent(subscription, "limit_override_cleared", why, { meterId: meter }),
    ]);
    return { cleared: true };
  });
}
