import type { UsageAlertKind, UsageAlert as UsageAlertRow } from "@tally/db";

/** An alert as the engine hands it out: in a usage result, in the dashboard, to a webhook. */
export interface RaisedAlert {
  id: string;
  /** Null for `payment_failed`, which concerns an invoice rather than a meter. */
  meterId: string | null;
  /** The invoice Stripe could not collect, for `payment_failed`; null otherwise. */
  invoiceId: string | null;
  kind: UsageAlertKind;
  /** Percent of the allowance for `usage_threshold`; null for the overage kinds. */
  thresholdPercent: number | null;
  periodStart: Date;
  usedAtTrigger: number;
  /** The allowance when it was raised; null if it was unlimited then. */
  allowanceAtTrigger: number | null;
  createdAt: Date;
}

export function toRaisedAlert(row: UsageAlertRow): RaisedAlert {
  return {
    id: row.id,
    meterId: row.meterId,
    invoiceId: row.invoiceId,
    kind: row.kind,
    // The table stores 0 for kinds without a threshold, only to keep its unique key exact.
    thresholdPercent: row.kind === "usage_threshold" ? row.thresholdPercent : null,
    periodStart: row.periodStart,
    usedAtTrigger: row.usedAtTrigger,
    allowanceAtTrigger: row.allowanceAtTrigger,
    createdAt: row.createdAt,
  };
}

const KIND_ORDER: Record<UsageAlertKind, number> = {
  usage_threshold: 0,
  overage_started: 1,
  overage_cap_reached: 2,
  payment_failed: 3,
};

/**
 * The order usage crosses alerts in: thresholds upwards, then overage, then its cap (a failed
 * payment, which usage does not raise, sorts last).
 */
export function byCrossingOrder(a: RaisedAlert, b: RaisedAlert): number {
  return (
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.thresholdPercent ?? 0) - (b.thresholdPercent ?? 0)
  );
}
