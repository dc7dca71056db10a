import type { UsageAlert } from "@tally/db";

/** What a webhook receiver gets for one alert, as JSON. */
export interface AlertWebhookBody {
  id: string;
  accountId: string;
  meterId: string;
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
    kind: alert.kind,
    thresholdPercent: alert.thresholdPercent,
    used: alert.usedAtTrigger,
    // The ledger stores an unlimited allowance as null.
    allowance: alert.allowanceAtTrigger ?? "unlimited",
    periodStart: alert.periodStart.toISOString(),
    createdAt: alert.createdAt.toISOString(),
  };
}
