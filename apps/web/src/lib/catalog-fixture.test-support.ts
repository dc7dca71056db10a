import {
  coaching,
  effectiveReset,
  effectiveThresholdsPercent,
  modulesForPlan,
  planIds,
  planOf,
} from "@tally/tier-config";
import type { CatalogDescription } from "./api-types";

/**
 * The coaching catalog as `plans.list` describes it, built from tier-config so the tests check the
 * dashboard against the real catalog rather than a hand-written copy.
 */
export function coachingDescription(): CatalogDescription {
  const plans = planIds(coaching)
    .sort((a, b) => planOf(coaching, a).level - planOf(coaching, b).level)
    .map((planId) => {
      const plan = planOf(coaching, planId);
      return {
        id: planId,
        name: plan.name,
        level: plan.level,
        priceMonthlyCents: plan.priceMonthlyCents,
        priceAnnualCents: plan.priceAnnualCents,
        seatPriceMonthlyCents: null,
        includedSeats: null,
        trialDays: null,
        selfServe: true,
        alertThresholdsPercent: [...effectiveThresholdsPercent(coaching, planId)],
        modules: [...modulesForPlan(coaching, planId)],
        features: {},
        meters: Object.entries(plan.meters).map(([meterId, entitlement]) => ({
          meterId,
          allowance: entitlement.allowance,
          overage: entitlement.overage,
          reset: effectiveReset(coaching, planId, meterId as keyof typeof coaching.meters),
        })),
      };
    });
  return {
    catalog: { id: coaching.id, name: coaching.name, currency: coaching.currency },
    defaultPlan: coaching.defaultPlan,
    freePlan: coaching.freePlan,
    meters: Object.entries(coaching.meters).map(([id, meter]) => ({ id, ...meter })),
    moduleGroups: Object.entries(coaching.moduleGroups).map(([id, group]) => ({ id, ...group })),
    modules: Object.entries(coaching.modules).map(([id, module]) => ({ id, ...module })),
    features: [],
    plans,
  } as CatalogDescription;
}
