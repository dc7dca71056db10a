import type { RecordedDecision } from "@tally/db";
import { type DecisionOutcome, decide, hardLimitFor } from "@tally/tier-config";
import type { AccountEntitlement } from "../account-state";
import type { RaisedAlert } from "../alerts/raised-alert";
import type { PlanAccess } from "../effective-plan";

export type UsageReason = RecordedDecision["reason"];

/** The answer to a metered call, and what `checkEntitlement` says the next call would get. */
export interface UsageResult {
  outcome: DecisionOutcome;
  reason: UsageReason;
  meterId: string;
  quantity: number;
  /** The counter after this usage, or as it stands when the call was blocked or only checked. */
  used: number;
  allowance: number | "unlimited";
  hardLimit: number | null;
  remaining: number | null;
  ratioBasisPoints: number | null;
  periodStart: Date;
  /** When the counter starts again from zero; null for a one-time (lifetime) allowance. */
  resetsAt: Date | null;
  /** The alerts this very usage raised. */
  alerts: RaisedAlert[];
  /** True when this answers a retry of an idempotency key that was already counted. */
  replay: boolean;
  /** The usage event written; null when nothing was written. */
  eventId: number | null;
}

/** The reason a plan's access refuses metered calls, or null when it allows them. */
export function accessReason(access: PlanAccess): "trial_expired" | "read_only" | null {
  switch (access) {
    case "full":
      return null;
    case "blocked":
      return "trial_expired";
    case "read_only":
      return "read_only";
  }
}

/**
 * The decision for usage that was counted: `usedBefore` is the counter just before it, as the
 * counter update returned it, so concurrent calls each see their own position. Usage that an
 * account without access reported anyway (measured mode) is counted and answered as blocked.
 */
export function countedDecision(
  meter: AccountEntitlement,
  usedBefore: number,
  quantity: number,
  access: PlanAccess,
): RecordedDecision {
  const decision = decide({
    used: usedBefore,
    quantity,
    entitlement: meter,
    thresholdsPercent: meter.thresholdsPercent,
  });
  const refusedBy = accessReason(access);
  return {
    outcome: refusedBy === null ? decision.outcome : "block",
    reason: refusedBy ?? decision.reason,
    used: decision.usedAfter,
    allowance: decision.allowance,
    hardLimit: decision.hardLimit,
    remaining: decision.remaining,
    ratioBasisPoints: decision.ratioBasisPoints,
  };
}

/**
 * Where a meter stands at `used` without any new usage: what a refused call and a read-only check
 * report. `remaining` counts up to the hard limit, or to the allowance when nothing blocks.
 */
export function standing(
  meter: AccountEntitlement,
  used: number,
): Pick<RecordedDecision, "used" | "allowance" | "hardLimit" | "remaining" | "ratioBasisPoints"> {
  const { allowance } = meter;
  const hardLimit = hardLimitFor(meter);
  const ceiling = hardLimit ?? (allowance === "unlimited" ? null : allowance);
  return {
    used,
    allowance,
    hardLimit,
    remaining: ceiling === null ? null : Math.max(0, ceiling - used),
    ratioBasisPoints:
      allowance === "unlimited" || allowance === 0
        ? null
        : Number((BigInt(used) * 10_000n) / BigInt(allowance)),
  };
}

/** The counter period an answer about a meter refers to. */
export function periodFields(
  meter: AccountEntitlement,
): Pick<UsageResult, "periodStart" | "resetsAt"> {
  return {
    periodStart: meter.period.start,
    resetsAt: meter.lifetime ? null : meter.period.end,
  };
}
