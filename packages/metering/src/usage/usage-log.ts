import { type UsageEventKind, usageEvents } from "@tally/db";
import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { MeteringError } from "../errors";
import type { MeteringDeps } from "./deps";
import { decodeLogCursor, encodeLogCursor } from "./log-cursor";
import { requireDate, requireMeterId } from "./validate-input";

const MAX_PAGE_SIZE = 100;

export interface UsageLogInput {
  accountId: string;
  meterId?: string;
  /** Only calls that occurred at or after this instant. */
  from?: Date;
  /** Only calls that occurred before this instant (half-open, like every period). */
  to?: Date;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** Page size, 1 to 100. */
  limit: number;
}

export interface UsageLogItem {
  id: number;
  meterId: string;
  kind: UsageEventKind;
  quantity: number;
  /** For a release, the usage event it took back. */
  releaseOfEventId: number | null;
  procedure: string | null;
  actorUserId: string | null;
  apiKeyId: string | null;
  occurredAt: Date;
  recordedAt: Date;
}

/**
 * One account's call log, newest first, a page at a time. Pages follow ids (keyset), so rows
 * written meanwhile never shift a page, and every page is an index range scan on
 * (account_id, id), however deep.
 */
export async function usageLog(
  { db, catalog }: MeteringDeps,
  input: UsageLogInput,
): Promise<{ items: UsageLogItem[]; nextCursor: string | null }> {
  const { limit } = input;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new MeteringError(
      "invalid_input",
      `limit must be a whole number in 1..${MAX_PAGE_SIZE}`,
      {
        field: "limit",
      },
    );
  }
  const conditions: SQL[] = [eq(usageEvents.accountId, input.accountId)];
  if (input.meterId !== undefined) {
    conditions.push(eq(usageEvents.meterId, requireMeterId(catalog, input.meterId)));
  }
  const from = input.from === undefined ? undefined : requireDate("from", input.from);
  const to = input.to === undefined ? undefined : requireDate("to", input.to);
  if (from !== undefined && to !== undefined && from >= to) {
    throw new MeteringError("invalid_input", "from must be before to", { field: "from" });
  }
  if (from !== undefined) conditions.push(gte(usageEvents.occurredAt, from));
  if (to !== undefined) conditions.push(lt(usageEvents.occurredAt, to));
  if (input.cursor !== undefined) {
    conditions.push(lt(usageEvents.id, decodeLogCursor(input.cursor)));
  }

  // One row more than the page tells whether another page follows, without counting.
  const rows = await db
    .select({
      id: usageEvents.id,
      meterId: usageEvents.meterId,
      kind: usageEvents.kind,
      quantity: usageEvents.quantity,
      releaseOfEventId: usageEvents.releaseOfEventId,
      procedure: usageEvents.procedure,
      actorUserId: usageEvents.actorUserId,
      apiKeyId: usageEvents.apiKeyId,
      occurredAt: usageEvents.occurredAt,
      recordedAt: usageEvents.recordedAt,
    })
    .from(usageEvents)
    .where(and(...conditions))
    .orderBy(desc(usageEvents.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? encodeLogCursor(last.id) : null,
  };
}
