import { alertLevel } from "@tally/tier-config";

/** How a meter looks: fine, past its first alert threshold, or at/over its allowance. */
export type MeterLevel = "ok" | "warning" | "blocked";

const FULL_PERCENT = 100;

/**
 * The level from tier-config's `alertLevel`, the same function the server raises alerts with, so
 * a meter turns amber exactly when the 80% alert fires and red at the 100% one.
 */
export function meterLevel(
  used: number,
  allowance: number | "unlimited",
  thresholdsPercent: readonly number[],
): MeterLevel {
  const level = alertLevel(used, allowance, thresholdsPercent);
  if (level === null) return "ok";
  return level >= FULL_PERCENT ? "blocked" : "warning";
}

/** How full the bar is, 0..100; unlimited meters show an empty bar. */
export function fillPercent(used: number, allowance: number | "unlimited"): number {
  if (allowance === "unlimited") return 0;
  if (allowance === 0) return used > 0 ? FULL_PERCENT : 0;
  return Math.min(FULL_PERCENT, (used / allowance) * FULL_PERCENT);
}
