import {
  type AnyCatalog,
  effectiveReset,
  entitlementFor,
  modulesForPlan,
  planOf,
} from "@tally/tier-config";
import { planSummary, plansInUpgradeOrder } from "./plan-summary";

/**
 * A comparison table: plans as columns (in upgrade order), and one row per meter, feature and
 * module group, each with one cell per plan in the same order.
 */
export function compareMatrix(catalog: AnyCatalog) {
  const ordered = plansInUpgradeOrder(catalog);
  const plans = ordered.map((planId) => planSummary(catalog, planId));
  const meters = Object.entries(catalog.meters).map(([meterId, meter]) => ({
    meterId,
    name: meter.name,
    unit: meter.unit,
    display: meter.display,
    cells: ordered.map((planId) => {
      const entitlement = entitlementFor(catalog, planId, meterId);
      return {
        allowance: entitlement.allowance,
        overage: entitlement.overage.kind,
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
