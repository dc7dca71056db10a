import { BASIS_POINTS_PER_UNIT, parseBasisPoints } from "./decimal";
import type { Entitlement } from "./types";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The most usage an entitlement ever lets through: the allowance for `block`,
 * floor(allowance × graceRatio) for `grace`, and null when nothing is ever blocked
 * (`per_unit` overage or an unlimited allowance).
 */
export function hardLimitFor(entitlement: Entitlement): number | null {
  const { allowance, overage } = entitlement;
  if (allowance === "unlimited") {
    return null;
  }
  switch (overage.kind) {
    case "block":
      return allowance;
    case "grace": {
      const limit =
        (BigInt(allowance) * parseBasisPoints(overage.graceRatio)) / BASIS_POINTS_PER_UNIT;
      // Usage is a safe integer, so a grace limit beyond that range is never reached anyway;
      // clamping keeps the answer an exact integer instead of a rounded float.
      return Number(limit > MAX_SAFE ? MAX_SAFE : limit);
    }
    case "per_unit":
      return null;
  }
}
