import { type AnyCatalog, cheapestPlanWith, type MeterId } from "@tally/tier-config";

/**
 * The plan a blocked caller should upgrade to: the cheapest self-serve plan whose allowance on the
 * meter covers `allowanceAtLeast`, or null when no plan does or it is the caller's own plan.
 */
export function upgradeToFor(
  catalog: AnyCatalog,
  currentPlanId: string,
  meterId: MeterId<AnyCatalog>,
  allowanceAtLeast: number,
): string | null {
  const planId = cheapestPlanWith(catalog, { meter: meterId, allowanceAtLeast });
  return planId === currentPlanId ? null : planId;
}
