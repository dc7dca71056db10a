import { apiKeys, type Database } from "@tally/db";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";

export async function insertApiKey(
  db: Database,
  params: { accountId: string; name: string; prefix: string; keyHash: string; userId: string },
) {
  const [row] = await db
    .insert(apiKeys)
    .values({
      accountId: params.accountId,
      name: params.name,
      prefix: params.prefix,
      keyHash: params.keyHash,
      createdByUserId: params.userId,
    })
    .returning({ id: apiKeys.id, createdAt: apiKeys.createdAt });
  if (!row) throw new Error("inserting an API key returned no row");
  return row;
}

export async function listApiKeys(db: Database, params: { accountId: string }) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.accountId, params.accountId))
    .orderBy(desc(apiKeys.createdAt));
}

/** Revokes one of the account's keys; false when the account has no such live key. */
export async function revokeApiKey(
  db: Database,
  params: { accountId: string; id: string; now: Date },
) {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: params.now })
    .where(
      and(
        eq(apiKeys.id, params.id),
        eq(apiKeys.accountId, params.accountId),
        isNull(apiKeys.revokedAt),
      ),
    )
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

export async function findApiKeyByHash(db: Database, params: { keyHash: string }) {
  const [row] = await db
    .select({ id: apiKeys.id, accountId: apiKeys.accountId, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, params.keyHash));
  return row ?? null;
}

/** How stale `last_used_at` may get: refreshing it on every call would make a hot row. */
const LAST_USED_RESOLUTION_MS = 60_000;

export async function touchApiKey(db: Database, params: { id: string; now: Date }) {
  const staleBefore = new Date(params.now.getTime() - LAST_USED_RESOLUTION_MS);
  await db
    .update(apiKeys)
    .set({ lastUsedAt: params.now })
    .where(
      and(
        eq(apiKeys.id, params.id),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, staleBefore)),
      ),
    );
}
