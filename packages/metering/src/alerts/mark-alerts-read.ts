import { type Database, usageAlerts } from "@tally/db";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { MeteringError } from "../errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface MarkAlertsReadInput {
  accountId: string;
  ids: readonly string[];
  /** When they were read; the database's clock when omitted (a read mark is not billing data). */
  now?: Date;
}

/**
 * Marks the account's own unread alerts among `ids` read and returns how many changed; ids of
 * another account's alerts match nothing, so they change nothing.
 */
export async function markAlertsRead(
  db: Database,
  { accountId, ids, now }: MarkAlertsReadInput,
): Promise<{ marked: number }> {
  // PostgreSQL would reject a malformed uuid with an error that reads like an outage.
  const malformed = ids.find((id) => typeof id !== "string" || !UUID.test(id));
  if (malformed !== undefined) {
    throw new MeteringError("invalid_input", "alert ids must be uuids", {
      field: "ids",
      value: String(malformed),
    });
  }
  if (ids.length === 0) {
    return { marked: 0 };
  }
  const marked = await db
    .update(usageAlerts)
    .set({ readAt: now ?? sql`now()` })
    .where(
      and(
        eq(usageAlerts.accountId, accountId),
        inArray(usageAlerts.id, [...ids]),
        isNull(usageAlerts.readAt),
      ),
    )
    .returning({ id: usageAlerts.id });
  return { marked: marked.length };
}
