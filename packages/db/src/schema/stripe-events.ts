import { jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";

/**
 * Stripe webhook events Tally has received, keyed by Stripe's id so a redelivered event is
 * recognised and handled once. It has no `account_id` because an event is stored before it is
 * known which account (if any) it concerns.
 */
export const stripeEvents = pgTable("stripe_events", {
  /** Stripe's event id (`evt_...`). */
  id: text().primaryKey(),
  /** Stripe's event type, e.g. `invoice.paid`. */
  type: text().notNull(),
  receivedAt: timestamptz().notNull().defaultNow(),
  /** When the handler finished; null means received but not (yet) handled, so it is retried. */
  processedAt: timestamptz(),
  /** The event exactly as Stripe sent it, for replays and audits. */
  payload: jsonb().$type<Record<string, unknown>>().notNull(),
});

export type StripeEvent = typeof stripeEvents.$inferSelect;
export type NewStripeEvent = typeof stripeEvents.$inferInsert;
