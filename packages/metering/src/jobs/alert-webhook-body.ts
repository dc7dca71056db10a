import type { UsageAlert } from "@tally/db";

/** What a webhook receiver gets for one alert, as JSON. */
export interface AlertWebhookBody {
  id: string;
  accountId: string;
  /** Null for `payment_failed`, which names `invoiceId` instead. */
  meterId: string | null;
  invoiceId: string | null;
  kind: UsageAlert["kind"];
  thresholdPercent: number;
  used: number;
  allowance: number | "unlimited";
  periodStart: string;
  createdAt: string;
}

export function alertWebhookBody(alert: UsageAlert): AlertWebhookBody {
  return {
    id: alert.id,
    accountId: alert.accountId,
    meterId: alert.meterId,
    invoiceId: alert.invoiceId,
    kind: alert.kind,
    thresholdPercent: alert.thresholdPercent,
    used: alert.usedAtTrigger,
    // The ledger stores an unlimited allowance as null.
    allowance: alert.allowanceAtTrigger ?? "unlimited",
    periodStart: alert.periodStart.toISOString(),
    createdAt: alert.createdAt.toISOString(),
  };
}
