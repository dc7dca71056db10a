import { type AnyCatalog, cheapestPlanWith, isMeterId } from "@tally/tier-config";
import type { LimitRefusal } from "./trpc-error";

/**
 * A refusal with the plan to upgrade to. The server names it in `upgradeTo`; where a procedure
 * leaves it out, the same tier-config choice is made here: the cheapest plan with more than the
 * limit that refused.
 */
export function withUpgradePlan(
  refusal: LimitRefusal | null,
  catalog: AnyCatalog | null,
): LimitRefusal | null {
  if (refusal === null || refusal.upgradeTo !== null || catalog === null) return refusal;
  if (refusal.meter === null || refusal.limit === null || !isMeterId(catalog, refusal.meter)) {
    return refusal;
  }
  const upgradeTo = cheapestPlanWith(catalog, {
    meter: refusal.meter,
    allowanceAtLeast: refusal.limit + 1,
  });
  return { ...refusal, upgradeTo };
}
