import { check, index, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { createdAt, isOneOf } from "./columns";
import { users } from "./users";

/** A member's role within one account; the server decides what each role may do. */
export const accountRoles = ["owner", "admin", "member", "billing"] as const;
export type AccountRole = (typeof accountRoles)[number];

/** Which users belong to which accounts, and in what role; the source of tenant access. */
export const accountMembers = pgTable(
  "account_members",
  {
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text({ enum: accountRoles }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.accountId, table.userId] }),
    // Signing in lists a user's accounts, which starts from the user.
    index("account_members_user_id_idx").on(table.userId),
    check("account_members_role_check", isOneOf(table.role, accountRoles)),
  ],
);

export type AccountMember = typeof accountMembers.$inferSelect;
export type NewAccountMember = typeof accountMembers.$inferInsert;
