import type { UsageResult } from "@tally/metering";

export type { UsageResult };

/** What a metered procedure returns next to its result as `usage`. */
export interface UsageNotice {
  meter: string;
  /** `block` only for measured usage: it was counted, but the meter is past its hard limit. */
  decision: "allow" | "warn" | "block";
  used: number;
  limit: number | null;
  remaining: number | null;
  /** Used over allowance in percent (rounded down); null when unlimited. */
  percent: number | null;
  resetsAt: string | null;
  /** True when this call repeated an Idempotency-Key and was not counted again. */
  replay: boolean;
}

const BASIS_POINTS_PER_PERCENT = 100;

export function usageNotice(result: UsageResult): UsageNotice {
  return {
    meter: result.meterId,
    decision: result.outcome,
    used: result.used,
    limit: result.allowance === "unlimited" ? null : result.allowance,
    remaining: result.remaining,
    percent:
      result.ratioBasisPoints === null
        ? null
        : Math.floor(result.ratioBasisPoints / BASIS_POINTS_PER_PERCENT),
    resetsAt: result.resetsAt ? result.resetsAt.toISOString() : null,
    replay: result.replay,
  };
}

/**
 * `Tally-Usage-Warning` for plain HTTP clients, set for a warning and for measured usage past the
 * limit, e.g.
 * `meter=coach_calls; used=4; limit=5; percent=80; resets-at=2026-12-01T00:00:00.000Z`.
 */
export function warningHeader(notice: UsageNotice): string | null {
  if (notice.decision === "allow") return null;
  const parts = [
    `meter=${notice.meter}`,
    `used=${notice.used}`,
    `limit=${notice.limit ?? "unlimited"}`,
    `percent=${notice.percent ?? "n/a"}`,
    `resets-at=${notice.resetsAt ?? "never"}`,
  ];
  return parts.join("; ");
}
