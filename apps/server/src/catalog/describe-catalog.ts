import {
  type AnyCatalog,
  effectiveReset,
  effectiveThresholdsPercent,
  modulesForPlan,
  planOf,
} from "@tally/tier-config";
import { planSummary, plansInUpgradeOrder } from "./plan-summary";

/** The active catalog as the dashboard and the product's services read it. */
export function describeCatalog(catalog: AnyCatalog) {
  const plans = plansInUpgradeOrder(catalog).map((planId) => {
    const plan = planOf(catalog, planId);
    return {
      ...planSummary(catalog, planId),
      alertThresholdsPercent: effectiveThresholdsPercent(catalog, planId),
      modules: modulesForPlan(catalog, planId),
      features: plan.features,
      meters: Object.entries(plan.meters).map(([meterId, entitlement]) => ({
        meterId,
        allowance: entitlement.allowance,
        overage: entitlement.overage,
        reset: effectiveReset(catalog, planId, meterId),
      })),
    };
  });

  return {
    catalog: { id: catalog.id, name: catalog.name, currency: catalog.currency },
    defaultPlan: catalog.defaultPlan,
    /** Where a cancel lands at the period end. */
    freePlan: catalog.freePlan,
    meters: Object.entries(catalog.meters).map(([id, meter]) => ({ id, ...meter })),
    moduleGroups: Object.entries(catalog.moduleGroups).map(([id, group]) => ({ id, ...group })),
    modules: Object.entries(catalog.modules).map(([id, module]) => ({ id, ...module })),
    features: Object.entries(catalog.features).map(([id, feature]) => ({ id, ...feature })),
    plans,
  };
}
