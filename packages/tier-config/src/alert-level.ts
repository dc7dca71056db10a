import { assertCount } from "./assert";
import { assertThresholds, thresholdReached } from "./thresholds";

/**
 * The highest alert threshold (in percent) that `used` has reached, or null when none has or
 * the allowance is unlimited. Server alerts and the dashboard's meters both read this, so they
 * never disagree about which colour a meter is.
 */
export function alertLevel(
  used: number,
  allowance: number | "unlimited",
  thresholdsPercent: readonly number[],
): number | null {
  assertCount("used", used);
  assertThresholds(thresholdsPercent);
  if (allowance === "unlimited") {
    return null;
  }
  assertCount("allowance", allowance);
  return (
    thresholdsPercent.findLast((percent) => thresholdReached(used, allowance, percent)) ?? null
  );
}
