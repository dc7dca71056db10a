import {
  cheapestPlanWith,
  isModuleId,
  isPlanId,
  planIncludesModule,
  planOf,
} from "@tally/tier-config";
import type { AccountContext } from "../account-context";
import { DetailedError } from "../errors";
import type { ProcedureMeta } from "../meta";

/**
 * The one check behind `.meta({ module })`: FORBIDDEN with the module and the cheapest plan that
 * unlocks it, so the client can show an upgrade prompt without another request.
 */
export async function assertModuleAccess(
  ctx: AccountContext,
  meta: ProcedureMeta | undefined,
  getRawInput: () => Promise<unknown>,
): Promise<void> {
  if (!meta?.module) return;
  const moduleId =
    typeof meta.module === "string" ? meta.module : fieldOf(await getRawInput(), meta.module.input);
  const { catalog, plan } = ctx;
  if (moduleId === null || !isModuleId(catalog, moduleId)) {
    throw new DetailedError({
      code: "BAD_REQUEST",
      message: `Unknown module "${moduleId ?? ""}"`,
      details: { reason: "unknown_module", module: moduleId },
    });
  }
  const included =
    isPlanId(catalog, plan.planId) && planIncludesModule(catalog, plan.planId, moduleId);
  if (included && plan.access !== "blocked") return;

  const requiredPlan = cheapestPlanWith(catalog, { module: moduleId });
  const message =
    plan.access === "blocked"
      ? "Your trial has ended; upgrade to open modules again"
      : `The module "${catalog.modules[moduleId]?.name ?? moduleId}" needs the ${
          requiredPlan ? planOf(catalog, requiredPlan).name : "a higher"
        } plan`;
  throw new DetailedError({
    code: "FORBIDDEN",
    message,
    details: { reason: "module_locked", module: moduleId, requiredPlan },
  });
}

function fieldOf(input: unknown, field: string): string | null {
  if (typeof input !== "object" || input === null || !(field in input)) return null;
  const value: unknown = Reflect.get(input, field);
  return typeof value === "string" ? value : null;
}
