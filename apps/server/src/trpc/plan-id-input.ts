import { type AnyCatalog, isMeterId, isPlanId } from "@tally/tier-config";
import { DetailedError } from "./errors";

/** Inputs carry ids as strings; the active catalog (known only at run time) decides. */
export function requirePlanId(catalog: AnyCatalog, planId: string): string {
  if (!isPlanId(catalog, planId)) {
    throw new DetailedError({
      code: "BAD_REQUEST",
      message: `Unknown plan "${planId}"`,
      details: { reason: "unknown_plan", planId },
    });
  }
  return planId;
}

export function requireMeterId(catalog: AnyCatalog, meterId: string): string {
  if (!isMeterId(catalog, meterId)) {
    throw new DetailedError({
      code: "BAD_REQUEST",
      message: `Unknown meter "${meterId}"`,
      details: { reason: "unknown_meter", meter: meterId },
    });
  }
  return meterId;
}
