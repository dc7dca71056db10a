import type { MeterSummary } from "./api-types";
import { formatCents, formatDay } from "./format";

export interface OveragePreview {
  soFarCents: number;
  projectedCents: number;
  /** When the period that the projection runs to ends; null for one-time allowances. */
  periodEnd: string | null;
}

type PricedMeter = Pick<MeterSummary, "overage" | "projected" | "resetsAt">;

/**
 * The period's overage across meters, so far and at the current pace, from `usage.summary`
 * (whose amounts tier-config's `priceOverage` computed). Null when nothing is or will be charged.
 */
export function overagePreview(meters: readonly PricedMeter[]): OveragePreview | null {
  let soFarCents = 0;
  let projectedCents = 0;
  let periodEnd: string | null = null;
  for (const meter of meters) {
    soFarCents += meter.overage.amountCents;
    projectedCents += meter.projected.overage.amountCents;
    if (meter.projected.overage.amountCents > 0 && periodEnd === null) {
      periodEnd = meter.resetsAt;
    }
  }
  if (soFarCents === 0 && projectedCents === 0) return null;
  return { soFarCents, projectedCents, periodEnd };
}

/** "So far $3.40; at this pace $11.20 by May 31." */
export function overagePreviewText(preview: OveragePreview, currency = "usd"): string {
  const soFar = `So far ${formatCents(preview.soFarCents, currency)}`;
  if (preview.projectedCents === preview.soFarCents) return `${soFar} in overage this period.`;
  const by = preview.periodEnd === null ? "" : ` by ${formatDay(preview.periodEnd)}`;
  return `${soFar}; at this pace ${formatCents(preview.projectedCents, currency)}${by}.`;
}
