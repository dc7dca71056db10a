import type { Subscription } from "@tally/db";
import { type AnyCatalog, isMeterId, type MeterId } from "@tally/tier-config";
import type { AccountState, AllowanceOverride } from "../account-state";
import { effectivePlan } from "../effective-plan";

/** One `limit_overrides` row as a query joined to the subscription returns it. */
export interface OverrideRow {
  meterId: string | null;
  /** Null means unlimited. */
  allowance: number | null;
}

/**
 * The account state from rows a caller already read (the subscription and its overrides, e.g.
 * joined into the query that authorises a request), computed at `now` exactly as
 * `loadAccountState` computes it, so the request path needs no query of its own for it.
 */
export function accountStateOf(
  catalog: AnyCatalog,
  subscription: Subscription,
  overrideRows: readonly OverrideRow[],
  now: Date,
): AccountState {
  const overrides = new Map<MeterId<AnyCatalog>, AllowanceOverride>();
  for (const { meterId, allowance } of overrideRows) {
    // An override for a meter the catalog no longer has limits nothing, so it is skipped.
    if (meterId !== null && isMeterId(catalog, meterId)) {
      overrides.set(meterId, allowance ?? "unlimited");
    }
  }
  return {
    subscription,
    plan: effectivePlan(catalog, subscription, now),
    overrides,
    asOf: now,
  };
}
