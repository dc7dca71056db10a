import { type Entitlement, priceOverage } from "@tally/tier-config";

/**
 * The counter values at which an alert starts to fire on this entitlement: the least `used` that
 * reaches each threshold, the first unit of billed overage, and the first unit at which overage
 * reaches its cap. An increment from `before` to `after` raises an alert only if one of these lies
 * in `(before, after]`, because every alert condition is monotonic in `used`; so an increment that
 * crosses none of them may be written without looking at alerts at all.
 */
export function alertLines(
  entitlement: Entitlement,
  thresholdsPercent: readonly number[],
): number[] {
  const { allowance, overage } = entitlement;
  if (allowance === "unlimited") return [];
  const lines = thresholdsPercent.map((percent) => {
    // thresholdReached: used > 0 and used * 100 >= allowance * percent.
    const least = (BigInt(allowance) * BigInt(percent) + 99n) / 100n;
    return Math.max(1, Number(least));
  });
  if (overage.kind !== "per_unit") return lines;
  lines.push(allowance + 1);
  if (overage.capCents !== undefined) {
    const capLine = firstUsedAtCap(entitlement, allowance, overage.capCents);
    if (capLine !== null) lines.push(capLine);
  }
  return lines;
}

/** The least `used` whose overage price reaches the cap, by bisection; null if none does. */
function firstUsedAtCap(
  entitlement: Entitlement,
  allowance: number,
  capCents: number,
): number | null {
  const reaches = (used: number) => priceOverage({ used, entitlement }).amountCents >= capCents;
  let low = allowance;
  let high = allowance + 1;
  while (!reaches(high)) {
    low = high;
    high = allowance + (high - allowance) * 2;
    if (high > Number.MAX_SAFE_INTEGER) return null;
  }
  // Invariant: reaches(high) and not reaches(low).
  while (high - low > 1) {
    const middle = low + Math.floor((high - low) / 2);
    if (reaches(middle)) high = middle;
    else low = middle;
  }
  return high;
}
