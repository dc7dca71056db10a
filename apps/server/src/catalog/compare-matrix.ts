import {
  type AnyCatalog,
  effectiveReset,
  modulesForPlan,
  planIds,
  planOf,
} from "@tally/tier-config";

/**
 * A comparison table: plans as columns (in upgrade order), and one row per meter, feature and
 * module group, each with one cell per plan in the same order.
 */
export function compareMatrix(catalog: AnyCatalog) {
  const ordered = planIds(catalog).sort(
    (a, b) => planOf(catalog, a).level - planOf(catalog, b).level,
  );
  const plans = ordered.map((planId) => {
    const plan = planOf(catalog, planId);
    return {
      id: planId,
      name: plan.name,
      level: plan.level,
      priceMonthlyCents: plan.priceMonthlyCents,
      priceAnnualCents: plan.priceAnnualCents,
      trialDays: plan.trialDays ?? null,
      selfServe: plan.selfServe ?? true,
    };
  });
  const meters = Object.entries(catalog.meters).map(([meterId, meter]) => ({
    meterId,
    name: meter.name,
    unit: meter.unit,
    display: meter.display,
    cells: ordered.map((planId) => {
      const entitlement = planOf(catalog, planId).meters[meterId];
      return {
        allowance: entitlement?.allowance ?? 0,
        overage: entitlement?.overage.kind ?? "block",
        reset: effectiveReset(catalog, planId, meterId),
      };
    }),
  }));
  const features = Object.entries(catalog.features).map(([featureId, feature]) => ({
    featureId,
    name: feature.name,
    cells: ordered.map((planId) => planOf(catalog, planId).features[featureId] === true),
  }));
  const moduleGroups = Object.entries(catalog.moduleGroups).map(([groupId, group]) => {
    const inGroup = Object.entries(catalog.modules).filter(
      ([, module]) => module.group === groupId,
    );
    return {
      groupId,
      name: group.name,
      modules: inGroup.length,
      cells: ordered.map((planId) => {
        const unlocked = new Set<string>(modulesForPlan(catalog, planId));
        return inGroup.filter(([moduleId]) => unlocked.has(moduleId)).length;
      }),
    };
  });
  return { plans, meters, features, moduleGroups };
}
