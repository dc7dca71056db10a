import { type Database, usageAlerts } from "@tally/db";
import { and, desc, eq, isNull, type SQL } from "drizzle-orm";
import { MeteringError } from "../errors";
import { type RaisedAlert, toRaisedAlert } from "./raised-alert";

const MAX_ALERTS = 100;

export interface AlertItem extends RaisedAlert {
  readAt: Date | null;
  deliveredAt: Date | null;
}

export interface ListAlertsInput {
  accountId: string;
  unreadOnly?: boolean;
  /** How many, newest first: 1 to 100. */
  limit: number;
}

/** An account's alerts for the dashboard, newest first. */
export async function listAlerts(
  db: Database,
  { accountId, unreadOnly = false, limit }: ListAlertsInput,
): Promise<AlertItem[]> {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_ALERTS) {
    throw new MeteringError("invalid_input", `limit must be a whole number in 1..${MAX_ALERTS}`, {
      field: "limit",
    });
  }
  const conditions: SQL[] = [eq(usageAlerts.accountId, accountId)];
  if (unreadOnly) conditions.push(isNull(usageAlerts.readAt));
  const rows = await db
    .select()
    .from(usageAlerts)
    .where(and(...conditions))
    .orderBy(desc(usageAlerts.createdAt), desc(usageAlerts.id))
    .limit(limit);
  return rows.map((row) => ({
    ...toRaisedAlert(row),
    readAt: row.readAt,
    deliveredAt: row.deliveredAt,
  }));
}
