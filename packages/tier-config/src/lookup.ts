import type { AnyCatalog, Entitlement, Meter, MeterId, PlanId } from "./types";

/**
 * `record[key]` when the record itself defines `key`, else a RangeError naming it. Ids are typed,
 * but they also arrive as strings cast from storage, and a stale id should fail loudly rather
 * than read as undefined (or as "toString" from the prototype).
 */
export function requireEntry<V>(
  record: Readonly<Record<string, V>>,
  key: string,
  kind: string,
  catalog: AnyCatalog,
): V {
  const value = Object.hasOwn(record, key) ? record[key] : undefined;
  if (value === undefined) {
    throw new RangeError(`unknown ${kind} "${key}" in catalog "${catalog.id}"`);
  }
  return value;
}

/** A plan by id, typed as that very plan when the catalog is known. */
export function planOf<C extends AnyCatalog, P extends PlanId<C>>(
  catalog: C,
  planId: P,
): C["plans"][P] {
  // Indexing through a C["plans"] reference keeps the plan's literal type for a known catalog.
  const plans: C["plans"] = catalog.plans;
  requireEntry(plans, planId, "plan", catalog);
  return plans[planId];
}

export function meterOf<C extends AnyCatalog>(catalog: C, meterId: MeterId<C>): Meter {
  return requireEntry(catalog.meters, meterId, "meter", catalog);
}

/** What a plan grants on one meter. */
export function entitlementFor<C extends AnyCatalog>(
  catalog: C,
  planId: PlanId<C>,
  meterId: MeterId<C>,
): Entitlement {
  return requireEntry(planOf(catalog, planId).meters, meterId, "meter", catalog);
}
