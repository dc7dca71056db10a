import { planOf } from "./lookup";
import type { AnyCatalog, PlanId } from "./types";

export type PlanChange = "upgrade" | "downgrade" | "same";

/**
 * Whether moving between plans is an upgrade (takes effect at once) or a downgrade (scheduled for
 * the end of the billing period), by plan level.
 */
export function comparePlans<C extends AnyCatalog>(
  catalog: C,
  from: PlanId<C>,
  to: PlanId<C>,
): PlanChange {
  const difference = planOf(catalog, to).level - planOf(catalog, from).level;
  if (difference > 0) {
    return "upgrade";
  }
  return difference < 0 ? "downgrade" : "same";
}
