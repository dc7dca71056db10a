import { moduleIds } from "./ids";
import { planOf, requireEntry } from "./lookup";
import type { AnyCatalog, ModuleId, PlanId } from "./types";

/** Whether a plan unlocks a module, through the module's group or by naming it. */
export function planIncludesModule<C extends AnyCatalog>(
  catalog: C,
  planId: PlanId<C>,
  moduleId: ModuleId<C>,
): boolean {
  const plan = planOf(catalog, planId);
  const { group } = requireEntry(catalog.modules, moduleId, "module", catalog);
  return plan.modules.groups.includes(group) || (plan.modules.ids ?? []).includes(moduleId);
}

/** The modules a plan unlocks, in the catalog's order. */
export function modulesForPlan<C extends AnyCatalog>(catalog: C, planId: PlanId<C>): ModuleId<C>[] {
  return moduleIds(catalog).filter((moduleId) => planIncludesModule(catalog, planId, moduleId));
}
