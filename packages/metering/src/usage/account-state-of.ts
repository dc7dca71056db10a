import type { Subscription } from "@tally/db";
import { type AnyCatalog, isMeterId, type MeterId } from "@tally/tier-config";
import type { AccountState, AllowanceOverride } from "../account-state";
import { effectivePlan } from "../effective-plan";

/**
 * One `limit_overrides` row as a query joined to the subscription returns it (both null when the
 * account has none), so the joined rows themselves can be passed in.
 */
export interface OverrideRow {
  overrideMeterId: string | null;
  /** Null means unlimited. */
  overrideAllowance: number | null;
}

/**
 * The account state from rows a caller already read (the subscription and its overrides, e.g.
 * joined into the query that authorises a request), computed at `now`; `loadAccountState` builds
 * it from the rows it reads the same way, so the request path needs no query of its own for it.
 */
export function accountStateOf(
  catalog: AnyCatalog,
  subscription: Subscription,
  overrideRows: readonly OverrideRow[],
  now: Date,
): AccountState {
  const overrides = new Map<MeterId<AnyCatalog>, AllowanceOverride>();
  for (const { overrideMeterId, overrideAllowance } of overrideRows) {
    // An override for a meter the catalog no longer has limits nothing, so it is skipped.
    if (overrideMeterId !== null && isMeterId(catalog, overrideMeterId)) {
      overrides.set(overrideMeterId, overrideAllowance ?? "unlimited");
    }
  }
  return {
    subscription,
    plan: effectivePlan(catalog, subscription, now),
    overrides,
    asOf: now,
  };
}
