import {
  type AnyCatalog,
  cheapestPlanWith,
  isModuleId,
  type ModuleId,
  type PlanId,
  planIncludesModule,
} from "@tally/tier-config";
import { loadAccountState } from "../account-state";
import { MeteringError } from "../errors";
import type { MeteringDeps } from "./deps";
import { requireDate } from "./validate-input";

export interface ModuleAccessInput {
  accountId: string;
  moduleId: string;
  now: Date;
}

export interface ModuleAccess {
  allowed: boolean;
  moduleId: ModuleId<AnyCatalog>;
  /** The cheapest self-serve plan that unlocks the module, for the upgrade prompt. */
  requiredPlan: PlanId<AnyCatalog> | null;
}

/**
 * Whether the account's plan, as it is at `now`, unlocks a module. An account whose access is
 * blocked (an expired trial) opens nothing; a read-only one may still read its modules.
 */
export async function moduleAccess(
  { db, catalog }: MeteringDeps,
  input: ModuleAccessInput,
): Promise<ModuleAccess> {
  const { moduleId } = input;
  if (typeof moduleId !== "string" || !isModuleId(catalog, moduleId)) {
    throw new MeteringError(
      "unknown_module",
      `module "${moduleId}" is not in catalog "${catalog.id}"`,
      { moduleId, catalogId: catalog.id },
    );
  }
  const now = requireDate("now", input.now);
  const { plan } = await loadAccountState(db, catalog, input.accountId, now);
  const allowed = plan.access !== "blocked" && planIncludesModule(catalog, plan.planId, moduleId);
  return {
    allowed,
    moduleId,
    requiredPlan: allowed ? null : cheapestPlanWith(catalog, { module: moduleId }),
  };
}
