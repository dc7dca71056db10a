import { type AnyPgColumn, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { createdAt, timestamptz, updatedAt } from "./columns";
import { users } from "./users";

/** Signed-in browser sessions, written by better-auth (its "session" model). */
export const sessions = pgTable(
  "sessions",
  {
    id: text().primaryKey(),
    expiresAt: timestamptz().notNull(),
    /** The opaque value in the session cookie; better-auth looks sessions up by it. */
    token: text().notNull().unique(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    ipAddress: text(),
    userAgent: text(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /**
     * The account the user picked to work in, owned by Tally rather than better-auth; the server
     * still checks membership on every request, and the choice is cleared if the account goes.
     */
    activeAccountId: uuid().references((): AnyPgColumn => accounts.id, { onDelete: "set null" }),
  },
  (table) => [index("sessions_user_id_idx").on(table.userId)],
);

export type Session = typeof sessions.$inferSelect;
export type NewSession = typeof sessions.$inferInsert;
