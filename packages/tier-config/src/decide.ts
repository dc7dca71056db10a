import { assertCount, assertPositiveCount } from "./assert";
import { BASIS_POINTS_PER_UNIT } from "./decimal";
import { hardLimitFor } from "./hard-limit";
import { assertThresholds, thresholdReached } from "./thresholds";
import type { Entitlement } from "./types";

export type DecisionOutcome = "allow" | "warn" | "block";

export type DecisionReason =
  | "within_allowance"
  | "near_limit"
  | "over_allowance_grace"
  | "overage_billed"
  | "limit_reached"
  | "unlimited";

export interface DecideInput {
  /** Usage already counted in the current period. */
  used: number;
  /** Units this request would add; at least 1. */
  quantity: number;
  entitlement: Entitlement;
  /** The plan's alert thresholds; the lowest one is where warnings start. */
  thresholdsPercent: readonly number[];
}

export interface Decision {
  outcome: DecisionOutcome;
  reason: DecisionReason;
  /** Usage if this request is let through (also reported when it is blocked). */
  usedAfter: number;
  allowance: number | "unlimited";
  hardLimit: number | null;
  /**
   * Units still available up to the hard limit, or up to the allowance when there is none: after
   * this request when it is allowed, before it when it is blocked. Null when unlimited.
   */
  remaining: number | null;
  /** usedAfter / allowance in basis points, rounded down; null when unlimited or 0. */
  ratioBasisPoints: number | null;
}

/**
 * Decides whether `quantity` more units may be used. Blocked iff usage would pass the hard limit
 * (so with reports' 50 × 1.10 = 55, the 55th report is allowed and the 56th blocked); warned when
 * usage reaches the lowest alert threshold or passes the allowance (grace zone or billed
 * overage); allowed otherwise. All comparisons are in integers.
 */
export function decide({ used, quantity, entitlement, thresholdsPercent }: DecideInput): Decision {
  assertCount("used", used);
  assertPositiveCount("quantity", quantity);
  assertThresholds(thresholdsPercent);
  const usedAfter = used + quantity;
  assertCount("used + quantity", usedAfter);

  const { allowance, overage } = entitlement;
  if (allowance === "unlimited") {
    return {
      outcome: "allow",
      reason: "unlimited",
      usedAfter,
      allowance,
      hardLimit: null,
      remaining: null,
      ratioBasisPoints: null,
    };
  }

  const hardLimit = hardLimitFor(entitlement);
  const blocked = hardLimit !== null && usedAfter > hardLimit;
  const ceiling = hardLimit ?? allowance;
  const decided = {
    usedAfter,
    allowance,
    hardLimit,
    remaining: Math.max(0, ceiling - (blocked ? used : usedAfter)),
    ratioBasisPoints:
      allowance === 0
        ? null
        : Number((BigInt(usedAfter) * BASIS_POINTS_PER_UNIT) / BigInt(allowance)),
  };

  if (blocked) {
    return { outcome: "block", reason: "limit_reached", ...decided };
  }
  if (usedAfter > allowance) {
    // Past the allowance yet not blocked: only grace and per_unit overage get here.
    const reason = overage.kind === "per_unit" ? "overage_billed" : "over_allowance_grace";
    return { outcome: "warn", reason, ...decided };
  }
  const lowestPercent = thresholdsPercent[0];
  if (lowestPercent !== undefined && thresholdReached(usedAfter, allowance, lowestPercent)) {
    return { outcome: "warn", reason: "near_limit", ...decided };
  }
  return { outcome: "allow", reason: "within_allowance", ...decided };
}
