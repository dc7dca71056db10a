import { assertCount } from "./assert";
import { planIds } from "./ids";
import { entitlementFor, planOf, requireEntry } from "./lookup";
import { planIncludesModule } from "./modules";
import type { AnyCatalog, FeatureId, MeterId, ModuleId, Plan, PlanId } from "./types";

/** Something an account lacks: a module, enough of a meter, or a feature. */
export type PlanNeed<C extends AnyCatalog> =
  | { module: ModuleId<C> }
  | { meter: MeterId<C>; allowanceAtLeast: number }
  | { feature: FeatureId<C> };

/**
 * The plan to suggest in an upgrade prompt: the one with the lowest monthly price (then the
 * lowest level) that satisfies the need, among plans customers can choose themselves. Null when
 * no such plan exists.
 */
export function cheapestPlanWith<C extends AnyCatalog>(
  catalog: C,
  need: PlanNeed<C>,
): PlanId<C> | null {
  const satisfies = needTest(catalog, need);
  let best: { planId: PlanId<C>; plan: Plan } | null = null;
  for (const planId of planIds(catalog)) {
    const plan: Plan = planOf(catalog, planId);
    if (plan.selfServe === false || !satisfies(planId, plan)) {
      continue;
    }
    if (best === null || isCheaper(plan, best.plan)) {
      best = { planId, plan };
    }
  }
  return best?.planId ?? null;
}

function isCheaper(plan: Plan, than: Plan): boolean {
  return (
    plan.priceMonthlyCents < than.priceMonthlyCents ||
    (plan.priceMonthlyCents === than.priceMonthlyCents && plan.level < than.level)
  );
}

/** Turns a need into a test of one plan, checking its ids once rather than per plan. */
function needTest<C extends AnyCatalog>(
  catalog: C,
  need: PlanNeed<C>,
): (planId: PlanId<C>, plan: Plan) => boolean {
  if ("module" in need) {
    requireEntry(catalog.modules, need.module, "module", catalog);
    return (planId) => planIncludesModule(catalog, planId, need.module);
  }
  if ("meter" in need) {
    requireEntry(catalog.meters, need.meter, "meter", catalog);
    assertCount("allowanceAtLeast", need.allowanceAtLeast);
    return (planId) => {
      const { allowance } = entitlementFor(catalog, planId, need.meter);
      return allowance === "unlimited" || allowance >= need.allowanceAtLeast;
    };
  }
  requireEntry(catalog.features, need.feature, "feature", catalog);
  return (_planId, plan) => plan.features[need.feature] === true;
}
