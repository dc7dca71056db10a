import { index, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, timestamptz, updatedAt } from "./columns";
import { users } from "./users";

/**
 * How a user proves who they are: a password, or a link to an OAuth provider. This is
 * better-auth's "account" model under another name, because `accounts` is Tally's tenant table.
 */
export const authIdentities = pgTable(
  "auth_identities",
  {
    id: text().primaryKey(),
    /** The user's id at the provider (better-auth's name); not a Tally account id. */
    accountId: text().notNull(),
    /** Which provider vouches for the identity, e.g. `credential` (password) or `github`. */
    providerId: text().notNull(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accessToken: text(),
    refreshToken: text(),
    idToken: text(),
    accessTokenExpiresAt: timestamptz(),
    refreshTokenExpiresAt: timestamptz(),
    scope: text(),
    /** better-auth's password hash for the `credential` provider; never the password itself. */
    password: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index("auth_identities_user_id_idx").on(table.userId)],
);

export type AuthIdentity = typeof authIdentities.$inferSelect;
export type NewAuthIdentity = typeof authIdentities.$inferInsert;
