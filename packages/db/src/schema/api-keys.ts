import { sql } from "drizzle-orm";
import { check, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { createdAt, timestamptz } from "./columns";
import { users } from "./users";

/** Keys the product's own services use to report usage for an account without a session. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** A label the account chose, e.g. "voice backend". */
    name: text().notNull(),
    /** The first characters of the key, shown in the dashboard so people can tell keys apart. */
    prefix: text().notNull(),
    /**
     * SHA-256 of the secret in lowercase hex; the secret itself is shown once and never stored.
     * Requests are authenticated by this column, so its unique index does not lead with the
     * account: the account is what the lookup finds out.
     */
    keyHash: text().notNull().unique("api_keys_key_hash_unique"),
    /** Who created the key; null once that user is deleted. */
    createdByUserId: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    /** Refreshed when the key authenticates a request, so stale keys can be spotted. */
    lastUsedAt: timestamptz(),
    /** Set when the key is revoked; revoked keys stay for the call log's `api_key_id`. */
    revokedAt: timestamptz(),
  },
  (table) => [
    index("api_keys_account_id_idx").on(table.accountId),
    // Catches a raw secret (or any other hash format) written here by mistake.
    check("api_keys_key_hash_check", sql`${table.keyHash} ~ '^[0-9a-f]{64}$'`),
  ],
);

export type ApiKey = typeof apiKeys.$inferSelect;
export type NewApiKey = typeof apiKeys.$inferInsert;
