import {
  type AnyCatalog,
  cheapestPlanWith,
  entitlementFor,
  isMeterId,
  isPlanId,
  planOf,
  priceOverage,
} from "@tally/tier-config";
import type { MeterSummary } from "./api-types";
import { meterLevel } from "./meter-level";

type AdvisedMeter = Pick<
  MeterSummary,
  "meterId" | "used" | "allowance" | "thresholdsPercent" | "projected"
>;

export type UpgradeAdvice =
  | {
      kind: "upgrade";
      planId: string;
      planName: string;
      /** The meters that are near, at or past their allowance, or will be at this pace. */
      meterIds: string[];
      /** This month on the current plan at this pace: base price plus projected overage. */
      currentMonthlyCents: number;
      /** The same usage on the suggested plan. */
      suggestedMonthlyCents: number;
      /** Suggested minus current: positive costs more, negative saves. */
      differenceCents: number;
    }
  /** Pressing meters, but the current plan (or a cheaper one) already covers the pace. */
  | { kind: "fits"; meterIds: string[] }
  /** Pressing meters that no self-serve plan covers. */
  | { kind: "no_plan"; meterIds: string[] };

/**
 * What an upgrade prompt says: which plan fits the account's pace (tier-config's
 * `cheapestPlanWith`, the same choice the server puts in a 429's `upgradeTo`) and what that plan
 * would cost against staying, both at the projected usage. Null when no meter is pressing.
 */
export function upgradeAdvice(
  catalog: AnyCatalog,
  currentPlanId: string,
  meters: readonly AdvisedMeter[],
): UpgradeAdvice | null {
  const pressing = meters.filter(isPressing);
  if (pressing.length === 0 || !isPlanId(catalog, currentPlanId)) return null;
  const meterIds = pressing.map((meter) => meter.meterId);
  const current = planOf(catalog, currentPlanId);

  let suggestion: string | null = null;
  for (const meter of pressing) {
    if (!isMeterId(catalog, meter.meterId)) continue;
    const planId = cheapestPlanWith(catalog, {
      meter: meter.meterId,
      allowanceAtLeast: neededAllowance(meter),
    });
    if (planId === null) return { kind: "no_plan", meterIds };
    // One plan has to cover every pressing meter, so the highest of the candidates wins.
    if (suggestion === null || planOf(catalog, planId).level > planOf(catalog, suggestion).level) {
      suggestion = planId;
    }
  }
  if (suggestion === null) return null;
  const suggested = planOf(catalog, suggestion);
  if (suggested.level <= current.level) return { kind: "fits", meterIds };

  const currentMonthlyCents =
    current.priceMonthlyCents +
    meters.reduce((sum, meter) => sum + meter.projected.overage.amountCents, 0);
  const suggestedMonthlyCents =
    suggested.priceMonthlyCents +
    meters.reduce((sum, meter) => {
      if (!isMeterId(catalog, meter.meterId)) return sum;
      const entitlement = entitlementFor(catalog, suggestion, meter.meterId);
      return sum + priceOverage({ used: meter.projected.used, entitlement }).amountCents;
    }, 0);
  return {
    kind: "upgrade",
    planId: suggestion,
    planName: suggested.name,
    meterIds,
    currentMonthlyCents,
    suggestedMonthlyCents,
    differenceCents: suggestedMonthlyCents - currentMonthlyCents,
  };
}

/** Past the first alert threshold, or heading past the allowance at this pace. */
function isPressing(meter: AdvisedMeter): boolean {
  if (meter.allowance === "unlimited") return false;
  return (
    meterLevel(meter.used, meter.allowance, meter.thresholdsPercent) !== "ok" ||
    meter.projected.used > meter.allowance
  );
}

/**
 * The allowance a plan needs to cover this meter: the projected usage, and always more than the
 * current allowance, so a meter that is already full never "fits" the plan that filled it.
 */
function neededAllowance(meter: AdvisedMeter): number {
  const floor = meter.allowance === "unlimited" ? 0 : meter.allowance + 1;
  return Math.max(meter.projected.used, meter.used, floor);
}
