import { assertCount } from "./assert";
import { priceOverage } from "./price-overage";
import { assertThresholds, thresholdReached } from "./thresholds";
import type { Entitlement } from "./types";

export type UsageAlert =
  | { kind: "usage_threshold"; thresholdPercent: number }
  | { kind: "overage_started" }
  | { kind: "overage_cap_reached" };

export interface CrossedAlertsInput {
  usedBefore: number;
  usedAfter: number;
  entitlement: Entitlement;
  thresholdsPercent: readonly number[];
}

/**
 * The alerts one increment of usage crosses: each threshold that usage was below before and
 * has reached after, then `overage_started` when billed (`per_unit`) usage first passes the
 * allowance, then `overage_cap_reached` when the priced overage first reaches the cap. An alert
 * is crossed by exactly one increment, so recording these per increment raises each one once.
 */
export function crossedAlerts({
  usedBefore,
  usedAfter,
  entitlement,
  thresholdsPercent,
}: CrossedAlertsInput): UsageAlert[] {
  assertCount("usedBefore", usedBefore);
  assertCount("usedAfter", usedAfter);
  assertThresholds(thresholdsPercent);
  if (usedAfter < usedBefore) {
    throw new RangeError(
      `usedAfter (${usedAfter}) must not be less than usedBefore (${usedBefore})`,
    );
  }
  const { allowance, overage } = entitlement;
  if (allowance === "unlimited") {
    return [];
  }

  const alerts: UsageAlert[] = thresholdsPercent
    .filter(
      (percent) =>
        !thresholdReached(usedBefore, allowance, percent) &&
        thresholdReached(usedAfter, allowance, percent),
    )
    .map((thresholdPercent) => ({ kind: "usage_threshold", thresholdPercent }));

  if (overage.kind !== "per_unit") {
    return alerts;
  }
  if (usedBefore <= allowance && usedAfter > allowance) {
    alerts.push({ kind: "overage_started" });
  }
  const { capCents } = overage;
  if (capCents !== undefined) {
    const before = priceOverage({ used: usedBefore, entitlement }).amountCents;
    const after = priceOverage({ used: usedAfter, entitlement }).amountCents;
    if (before < capCents && after >= capCents) {
      alerts.push({ kind: "overage_cap_reached" });
    }
  }
  return alerts;
}
