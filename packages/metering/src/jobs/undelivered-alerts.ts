import { accounts, type Database, usageAlerts } from "@tally/db";
import { and, eq, isNotNull, isNull } from "drizzle-orm";

/**
 * Alerts still waiting for delivery to a configured webhook, oldest first, for the job that
 * queues one delivery per alert.
 */
export async function undeliveredAlertIds(
  db: Database,
  { limit }: { limit: number },
): Promise<string[]> {
  const rows = await db
    .select({ id: usageAlerts.id })
    .from(usageAlerts)
    .innerJoin(accounts, eq(accounts.id, usageAlerts.accountId))
    .where(
      and(
        isNull(usageAlerts.deliveredAt),
        isNotNull(accounts.webhookUrl),
        isNotNull(accounts.webhookSecret),
      ),
    )
    .orderBy(usageAlerts.createdAt)
    .limit(limit);
  return rows.map((row) => row.id);
}
