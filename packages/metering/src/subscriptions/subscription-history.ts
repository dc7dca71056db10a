import { type Database, type SubscriptionEvent, subscriptionEvents } from "@tally/db";
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { MeteringError } from "../errors";
import { isUuid } from "./input-checks";

const MAX_PAGE_SIZE = 100;

export interface SubscriptionHistoryInput {
  accountId: string;
  /** Events per page, 1..100. */
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface SubscriptionHistoryPage {
  items: SubscriptionEvent[];
  /** Pass it back for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** An account's plan history, newest first, a page at a time. */
export async function subscriptionHistory(
  db: Database,
  { accountId, limit, cursor }: SubscriptionHistoryInput,
): Promise<SubscriptionHistoryPage> {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new MeteringError(
      "invalid_input",
      `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`,
      {
        field: "limit",
        limit,
      },
    );
  }
  if (cursor !== undefined && !isUuid(cursor)) {
    throw new MeteringError("invalid_input", "the cursor is not one this API returned", {
      field: "cursor",
    });
  }
  if (!isUuid(accountId)) return { items: [], nextCursor: null };

  const conditions: SQL[] = [eq(subscriptionEvents.accountId, accountId)];
  if (cursor !== undefined) {
    // The cursor is the last event's id. Its position is read back inside the query rather than
    // carried in the cursor, because created_at has microseconds and a JavaScript Date does not.
    conditions.push(sql`(${subscriptionEvents.createdAt}, ${subscriptionEvents.id}) < (
      select created_at, id from ${subscriptionEvents}
      where id = ${cursor} and account_id = ${accountId})`);
  }
  const rows = await db
    .select()
    .from(subscriptionEvents)
    .where(and(...conditions))
    .orderBy(desc(subscriptionEvents.createdAt), desc(subscriptionEvents.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? last.id : null };
}
