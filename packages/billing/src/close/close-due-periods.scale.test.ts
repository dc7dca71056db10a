import { randomUUID } from "node:crypto";
import {
  accounts,
  type Database,
  invoiceLines,
  invoices,
  type NewSubscription,
  type NewSubscriptionEvent,
  type NewUsageCounter,
  subscriptionEvents,
  subscriptions,
  usageCounters,
} from "@tally/db";
import { useTestDatabase } from "@tally/db/testing";
import { coaching } from "@tally/tier-config";
import { count, sum } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { closeDuePeriods } from "./close-due-periods";

const ACCOUNTS = 10_000;
const ROWS_PER_INSERT = 1000;
const JAN_10 = new Date("2025-01-10T09:00:00Z");
const FEB_10 = new Date("2025-02-10T09:00:00Z");
const MAR_10 = new Date("2025-03-10T09:00:00Z");

/**
 * Four kinds of account, in turn, with the usage of their first period and what it costs:
 * Lifestyle 800 s past its allowance (14 started minutes at $0.10), Growth 2 calls past (at $25),
 * Mastery 1 call past (at $20).
 */
const PROFILES = [
  { planId: "free", usage: [], totalCents: 0 },
  { planId: "lifestyle", usage: [["ai_voice_seconds", 8000]], totalCents: 2900 + 140 },
  { planId: "growth", usage: [["coach_calls", 3]], totalCents: 7900 + 5000 },
  { planId: "mastery", usage: [["coach_calls", 5]], totalCents: 19_900 + 2000 },
] as const;

const bed = useTestDatabase();
beforeAll(() => insertAccounts(bed.db), 120_000);

/**
 * The rows the metering engine writes for an account created on a plan and then used (account,
 * subscription, its first history line, counters), inserted in bulk: creating ten thousand
 * accounts one transaction at a time would take most of this test's time.
 */
async function insertAccounts(db: Database): Promise<void> {
  for (let offset = 0; offset < ACCOUNTS; offset += ROWS_PER_INSERT) {
    const ids = Array.from({ length: Math.min(ROWS_PER_INSERT, ACCOUNTS - offset) }, () =>
      randomUUID(),
    );
    await db.insert(accounts).values(ids.map((id) => ({ id, name: "Scale", slug: `scale-${id}` })));
    const subscriptionRows: NewSubscription[] = [];
    const eventRows: NewSubscriptionEvent[] = [];
    const counterRows: NewUsageCounter[] = [];
    ids.forEach((accountId, index) => {
      const profile = PROFILES[(offset + index) % PROFILES.length];
      if (profile === undefined) throw new Error("no profile");
      const subscriptionId = randomUUID();
      subscriptionRows.push({
        id: subscriptionId,
        accountId,
        planId: profile.planId,
        status: "active",
        billingInterval: "month",
        billingAnchor: JAN_10,
        currentPeriodStart: JAN_10,
        currentPeriodEnd: FEB_10,
      });
      eventRows.push({
        accountId,
        subscriptionId,
        action: "created",
        toPlanId: profile.planId,
        toStatus: "active",
        createdAt: JAN_10,
      });
      for (const [meterId, used] of profile.usage) {
        counterRows.push({ accountId, meterId, periodStart: JAN_10, periodEnd: FEB_10, used });
      }
    });
    await db.insert(subscriptions).values(subscriptionRows);
    await db.insert(subscriptionEvents).values(eventRows);
    await db.insert(usageCounters).values(counterRows);
  }
}

describe("closeDuePeriods at scale", () => {
  it("closes one period of 10,000 accounts, each exactly once and to the cent", async () => {
    const started = performance.now();
    const result = await closeDuePeriods(bed.db, coaching, { now: MAR_10 });
    const elapsedMs = performance.now() - started;
    console.info(
      `closeDuePeriods: ${result.closed.length} invoices for ${ACCOUNTS} accounts in ` +
        `${(elapsedMs / 1000).toFixed(2)} s`,
    );

    expect(result.failed).toEqual([]);
    expect(result.closed).toHaveLength(ACCOUNTS);
    const [stored] = await bed.db
      .select({ invoices: count(), totalCents: sum(invoices.totalCents) })
      .from(invoices);
    const perProfile = PROFILES.reduce((total, profile) => total + profile.totalCents, 0);
    expect(stored).toEqual({
      invoices: ACCOUNTS,
      totalCents: String((ACCOUNTS / PROFILES.length) * perProfile),
    });
    const [lines] = await bed.db.select({ lines: count() }).from(invoiceLines);
    // Every paid profile has a base line and one overage line.
    expect(lines?.lines).toBe((ACCOUNTS / PROFILES.length) * 3 * 2);
  }, 120_000);

  it("finds nothing to do quickly once every period is closed", async () => {
    const started = performance.now();
    const result = await closeDuePeriods(bed.db, coaching, { now: MAR_10 });
    const elapsedMs = performance.now() - started;
    console.info(
      `closeDuePeriods with nothing due: ${ACCOUNTS} accounts scanned in ` +
        `${(elapsedMs / 1000).toFixed(2)} s`,
    );
    expect(result).toEqual({ closed: [], due: 0, failed: [] });
  }, 120_000);
});
