import type { Database } from "@tally/db";
import { checkEntitlement, loadAccountState } from "@tally/metering";
import { type AnyCatalog, meterIds } from "@tally/tier-config";
import { findAccount } from "../data/accounts";

/** What an operator reads about one account: plan, and per meter usage, decision and ratio. */
export async function planUsageSnapshot(
  db: Database,
  catalog: AnyCatalog,
  params: { accountId: string; now: Date },
) {
  const account = await findAccount(db, { accountId: params.accountId });
  if (!account) return null;
  const state = await loadAccountState(db, catalog, account.id, params.now);
  const usage = await Promise.all(
    meterIds(catalog).map(async (meterId) => {
      // The decision the next single unit would get, which is what "can they still use it" means.
      const check = await checkEntitlement(
        { db, catalog },
        { accountId: account.id, meterId, quantity: 1, now: params.now, state },
      );
      // A check writes nothing and reports the counter as it stands.
      const { used } = check;
      return {
        meterId,
        used,
        allowance: check.allowance,
        hardLimit: check.hardLimit,
        decision: check.outcome,
        reason: check.reason,
        ratio:
          check.allowance === "unlimited" || check.allowance === 0 ? null : used / check.allowance,
        resetsAt: check.resetsAt,
        override: state.overrides.get(meterId) ?? null,
      };
    }),
  );
  return {
    account: { id: account.id, name: account.name, slug: account.slug },
    plan: state.plan,
    subscription: state.subscription,
    usage,
  };
}
