import { accounts, type Database, usageAlerts } from "@tally/db";
import { and, eq, isNull } from "drizzle-orm";
import { alertWebhookBody } from "./alert-webhook-body";
import { signWebhookPayload } from "./webhook-signature";

export interface DeliverAlertParams {
  alertId: string;
  now: Date;
  /** How long the receiver may take to answer before the attempt counts as failed. */
  timeoutMs: number;
}

export type DeliverAlertOutcome = "delivered" | "already_delivered" | "no_webhook" | "not_found";

/** A receiver that answered something other than 2xx; the job queue retries the delivery. */
export class WebhookDeliveryError extends Error {
  constructor(readonly status: number) {
    super(`the webhook answered HTTP ${status}`);
    this.name = "WebhookDeliveryError";
  }
}

/**
 * POSTs one usage alert to its account's webhook URL, signed with the account's secret, and
 * marks it delivered on a 2xx. Any other answer, a timeout or a network error throws, so the
 * caller's job is retried. Delivery is at least once: a receiver that answers 2xx after we time
 * out gets the alert again, and should deduplicate by its `id`.
 */
export async function deliverAlert(
  db: Database,
  { alertId, now, timeoutMs }: DeliverAlertParams,
): Promise<DeliverAlertOutcome> {
  const [row] = await db
    .select({
      alert: usageAlerts,
      webhookUrl: accounts.webhookUrl,
      webhookSecret: accounts.webhookSecret,
    })
    .from(usageAlerts)
    .innerJoin(accounts, eq(accounts.id, usageAlerts.accountId))
    .where(eq(usageAlerts.id, alertId));
  if (!row) return "not_found";
  if (row.alert.deliveredAt) return "already_delivered";
  // The account may have removed its webhook since the alert was queued.
  if (!row.webhookUrl || !row.webhookSecret) return "no_webhook";

  const body = JSON.stringify(alertWebhookBody(row.alert));
  const response = await fetch(row.webhookUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "tally-signature": signWebhookPayload(row.webhookSecret, body, now),
    },
    body,
    // A redirect is not a delivery: following it would send the signed body somewhere the
    // account did not configure.
    redirect: "manual",
    signal: AbortSignal.timeout(timeoutMs),
  });
  // The answer's body is not needed; reading it lets the connection be reused.
  await response.arrayBuffer();
  if (!response.ok) throw new WebhookDeliveryError(response.status);

  await db
    .update(usageAlerts)
    .set({ deliveredAt: now })
    .where(and(eq(usageAlerts.id, alertId), isNull(usageAlerts.deliveredAt)));
  return "delivered";
}
