import { boolean, check, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, isOneOf, updatedAt } from "./columns";

export const userRoles = ["user", "admin"] as const;
export type UserRole = (typeof userRoles)[number];

/**
 * People who sign in. better-auth writes these rows through its Drizzle adapter (its "user"
 * model), so the columns it requires keep its names and meaning; `role` is Tally's.
 */
export const users = pgTable(
  "users",
  {
    id: text().primaryKey(),
    name: text().notNull(),
    email: text().notNull().unique(),
    emailVerified: boolean().notNull().default(false),
    image: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /**
     * Platform role: an `admin` operates the Tally deployment itself (assigns plans, sets limit
     * overrides on any account); set by operators, never by sign-up.
     */
    role: text({ enum: userRoles }).notNull().default("user"),
  },
  (table) => [check("users_role_check", isOneOf(table.role, userRoles))],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
