import { randomUUID } from "node:crypto";
import {
  accounts,
  type Database,
  type NewSubscription,
  type NewSubscriptionEvent,
  type NewUsageCounter,
  subscriptionEvents,
  subscriptions,
  usageCounters,
} from "@tally/db";

const ROWS_PER_INSERT = 1000;

/** The monthly period every bulk account is in, and an instant after it has ended. */
export const BULK_PERIOD = {
  start: new Date("2025-01-10T09:00:00Z"),
  end: new Date("2025-02-10T09:00:00Z"),
  closeAt: new Date("2025-03-10T09:00:00Z"),
} as const;

/**
 * Four kinds of account (of the coaching catalog), in turn, with the usage of their first period
 * and what it costs: Free nothing, Lifestyle 800 s past its allowance (14 started minutes at
 * $0.10), Growth 2 calls past (at $25), Mastery 1 call past (at $20).
 */
export const BULK_PROFILES = [
  { planId: "free", usage: [], totalCents: 0 },
  { planId: "lifestyle", usage: [["ai_voice_seconds", 8000]], totalCents: 2900 + 140 },
  { planId: "growth", usage: [["coach_calls", 3]], totalCents: 7900 + 5000 },
  { planId: "mastery", usage: [["coach_calls", 5]], totalCents: 19_900 + 2000 },
] as const;

/**
 * Inserts `count` accounts, cycling through `BULK_PROFILES`, as the rows the metering engine
 * writes for an account created on a plan at `BULK_PERIOD.start` and then used (account,
 * subscription, its first history line, counters). They go in bulk because creating thousands of
 * accounts one transaction at a time would take longer than closing their periods.
 */
export async function insertBilledAccounts(db: Database, count: number): Promise<void> {
  const { start, end } = BULK_PERIOD;
  for (let offset = 0; offset < count; offset += ROWS_PER_INSERT) {
    const ids = Array.from({ length: Math.min(ROWS_PER_INSERT, count - offset) }, () =>
      randomUUID(),
    );
    await db.insert(accounts).values(ids.map((id) => ({ id, name: "Bulk", slug: `bulk-${id}` })));
    const subscriptionRows: NewSubscription[] = [];
    const eventRows: NewSubscriptionEvent[] = [];
    const counterRows: NewUsageCounter[] = [];
    ids.forEach((accountId, index) => {
      const profile = BULK_PROFILES[(offset + index) % BULK_PROFILES.length];
      if (profile === undefined) throw new Error("no profile");
      const subscriptionId = randomUUID();
      subscriptionRows.push({
        id: subscriptionId,
        accountId,
        planId: profile.planId,
        status: "active",
        billingInterval: "month",
        billingAnchor: start,
        currentPeriodStart: start,
        currentPeriodEnd: end,
      });
      eventRows.push({
        accountId,
        subscriptionId,
        action: "created",
        toPlanId: profile.planId,
        toStatus: "active",
        createdAt: start,
      });
      for (const [meterId, used] of profile.usage) {
        counterRows.push({ accountId, meterId, periodStart: start, periodEnd: end, used });
      }
    });
    await db.insert(subscriptions).values(subscriptionRows);
    await db.insert(subscriptionEvents).values(eventRows);
    if (counterRows.length > 0) await db.insert(usageCounters).values(counterRows);
  }
}
