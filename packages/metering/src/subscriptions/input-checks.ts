import {
  type AnyCatalog,
  isMeterId,
  isPlanId,
  type MeterId,
  type PlanId,
} from "@tally/tier-config";
import { MeteringError } from "../errors";

// Ids and texts arrive from requests as plain strings; these turn them into typed values or a
// MeteringError before any transaction opens, so bad input never writes anything.

export function requirePlanId(catalog: AnyCatalog, planId: string): PlanId<AnyCatalog> {
  if (!isPlanId(catalog, planId)) {
    throw new MeteringError("unknown_plan", `plan "${planId}" is not in catalog "${catalog.id}"`, {
      planId,
      catalogId: catalog.id,
    });
  }
  return planId;
}

export function requireMeterId(catalog: AnyCatalog, meterId: string): MeterId<AnyCatalog> {
  if (!isMeterId(catalog, meterId)) {
    throw new MeteringError(
      "unknown_meter",
      `meter "${meterId}" is not in catalog "${catalog.id}"`,
      { meterId, catalogId: catalog.id },
    );
  }
  return meterId;
}

/** A reason operators will read later: required, so it must say something. */
export function requireReason(reason: string | undefined): string {
  const trimmed = reason?.trim() ?? "";
  if (trimmed === "") {
    throw new MeteringError("invalid_input", "a reason is required", { field: "reason" });
  }
  return trimmed;
}

/** An optional reason: blank means none, so the history never shows empty strings. */
export function optionalReason(reason: string | undefined): string | null {
  const trimmed = reason?.trim() ?? "";
  return trimmed === "" ? null : trimmed;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` can be compared with a uuid column; PostgreSQL rejects anything else. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
