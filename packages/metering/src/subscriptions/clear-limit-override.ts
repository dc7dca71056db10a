import { type Database, limitOverrides } from "@tally/db";
import type { AnyCatalog } from "@tally/tier-config";
import { and, eq } from "drizzle-orm";
import { requireMeterId } from "./input-checks";
import { lockSubscription } from "./lock-subscription";

export interface ClearLimitOverrideInput {
  accountId: string;
  meterId: string;
}

/** Returns one meter of an account to its plan's allowance; `cleared` is false when none was set. */
export async function clearLimitOverride(
  db: Database,
  catalog: AnyCatalog,
  { accountId, meterId }: ClearLimitOverrideInput,
): Promise<{ cleared: boolean }> {
  const meter = requireMeterId(catalog, meterId);
  return db.transaction(async (tx) => {
    await lockSubscription(tx, accountId);
    const deleted = await tx
      .delete(limitOverrides)
      .where(and(eq(limitOverrides.accountId, accountId), eq(limitOverrides.meterId, meter)))
      .returning({ meterId: limitOverrides.meterId });
    return { cleared: deleted.length > 0 };
  });
}
