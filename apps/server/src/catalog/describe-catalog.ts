import {
  type AnyCatalog,
  effectiveReset,
  effectiveThresholdsPercent,
  modulesForPlan,
  planIds,
  planOf,
} from "@tally/tier-config";

/** The active catalog as the dashboard and the product's services read it. */
export function describeCatalog(catalog: AnyCatalog) {
  const plans = planIds(catalog)
    .map((planId) => {
      const plan = planOf(catalog, planId);
      return {
        id: planId,
        name: plan.name,
        level: plan.level,
        priceMonthlyCents: plan.priceMonthlyCents,
        priceAnnualCents: plan.priceAnnualCents,
        seatPriceMonthlyCents: plan.seatPriceMonthlyCents ?? null,
        includedSeats: plan.includedSeats ?? null,
        trialDays: plan.trialDays ?? null,
        selfServe: plan.selfServe ?? true,
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
    })
    .sort((a, b) => a.level - b.level);

  return {
    catalog: { id: catalog.id, name: catalog.name, currency: catalog.currency },
    defaultPlan: catalog.defaultPlan,
    meters: Object.entries(catalog.meters).map(([id, meter]) => ({ id, ...meter })),
    moduleGroups: Object.entries(catalog.moduleGroups).map(([id, group]) => ({ id, ...group })),
    modules: Object.entries(catalog.modules).map(([id, module]) => ({ id, ...module })),
    features: Object.entries(catalog.features).map(([id, feature]) => ({ id, ...feature })),
    plans,
  };
}
