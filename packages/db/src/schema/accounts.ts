import { type AnyPgColumn, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";
import { users } from "./users";

/**
 * The tenant: every plan, meter, invoice and API key belongs to one account, and every domain
 * table carries its `account_id`.
 *
 * Deleting an account removes its configuration and current state (members, subscription,
 * overrides, counters, alerts, API keys) by cascade, but the records of what happened (usage
 * events, subscription events, invoices) refuse to go with it: an account with history is closed,
 * not deleted.
 */
export const accounts = pgTable("accounts", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  /** The URL-safe handle shown in the dashboard; unique across the deployment. */
  slug: text().notNull().unique(),
  /** The user who owns the account, for support; access itself comes from `account_members`. */
  ownerUserId: text().references(() => users.id, { onDelete: "set null" }),
  /** Set by the billing package when it first creates the Stripe customer for this account. */
  stripeCustomerId: text().unique("accounts_stripe_customer_id_unique"),
  /**
   * An account that pays for or grants this one its plan (e.g. a company sponsoring a coachee);
   * null for accounts that stand alone.
   */
  sponsorAccountId: uuid().references((): AnyPgColumn => accounts.id, { onDelete: "set null" }),
  /** Where usage alerts are POSTed for the product's own services; null sends none. */
  webhookUrl: text(),
  /** Signs those webhook deliveries so the receiver can verify them; set with `webhookUrl`. */
  webhookSecret: text(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export type Account = typeof accounts.$inferSelect;
export type NewAccount = typeof accounts.$inferInsert;
