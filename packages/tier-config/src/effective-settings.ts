import { entitlementFor, meterOf, planOf } from "./lookup";
import type { AnyCatalog, MeterId, MeterReset, PlanId } from "./types";

/** When a meter resets on a plan: the plan's own reset if it sets one, else the meter's. */
export function effectiveReset<C extends AnyCatalog>(
  catalog: C,
  planId: PlanId<C>,
  meterId: MeterId<C>,
): MeterReset {
  return entitlementFor(catalog, planId, meterId).reset ?? meterOf(catalog, meterId).reset;
}

/** The alert thresholds on a plan: the plan's own list if it sets one, else the catalog's. */
export function effectiveThresholdsPercent<C extends AnyCatalog>(
  catalog: C,
  planId: PlanId<C>,
): readonly number[] {
  return planOf(catalog, planId).alertThresholdsPercent ?? catalog.alertThresholdsPercent;
}
