import type { AnyCatalog, FeatureId, MeterId, ModuleId, PlanId } from "./types";

// Object.keys types every key as string; the keys of a catalog's records are its ids by
// definition, so these casts are the one place that says so.

export function planIds<C extends AnyCatalog>(catalog: C): PlanId<C>[] {
  return Object.keys(catalog.plans) as PlanId<C>[];
}

export function meterIds<C extends AnyCatalog>(catalog: C): MeterId<C>[] {
  return Object.keys(catalog.meters) as MeterId<C>[];
}

export function moduleIds<C extends AnyCatalog>(catalog: C): ModuleId<C>[] {
  return Object.keys(catalog.modules) as ModuleId<C>[];
}

/** Narrows a string from outside (a database row, a request) to one of the catalog's plans. */
export function isPlanId<C extends AnyCatalog>(catalog: C, value: string): value is PlanId<C> {
  return Object.hasOwn(catalog.plans, value);
}

export function isMeterId<C extends AnyCatalog>(catalog: C, value: string): value is MeterId<C> {
  return Object.hasOwn(catalog.meters, value);
}

export function isModuleId<C extends AnyCatalog>(catalog: C, value: string): value is ModuleId<C> {
  return Object.hasOwn(catalog.modules, value);
}

export function isFeatureId<C extends AnyCatalog>(
  catalog: C,
  value: string,
): value is FeatureId<C> {
  return Object.hasOwn(catalog.features, value);
}
