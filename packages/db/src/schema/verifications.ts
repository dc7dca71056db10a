import { index, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, timestamptz, updatedAt } from "./columns";

/** Short-lived secrets better-auth sends out (email verification, password reset links). */
export const verifications = pgTable(
  "verifications",
  {
    id: text().primaryKey(),
    /** What the secret is for, as better-auth names it (e.g. an email address plus purpose). */
    identifier: text().notNull(),
    value: text().notNull(),
    expiresAt: timestamptz().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index("verifications_identifier_idx").on(table.identifier)],
);

export type Verification = typeof verifications.$inferSelect;
export type NewVerification = typeof verifications.$inferInsert;
