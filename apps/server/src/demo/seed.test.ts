import { accounts, subscriptions, usageAlerts, usageCounters, usageEvents, users } from "@tally/db";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import {
  billingPeriodFor,
  coaching,
  entitlementFor,
  priceOverage,
  reports,
} from "@tally/tier-config";
import { and, eq, gt, lte, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing/test-app";
import { DEMO_PASSWORD, seedDemo } from "./seed";

let database: TestDatabase;
const now = new Date("2026-11-23T15:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(() => database.drop());

/** The account's usage on a meter in the counter period that holds `at` (default: now). */
async function usedBy(slug: string, meterId: string, at = now): Promise<number> {
  const [row] = await database.db
    .select({ used: usageCounters.used })
    .from(usageCounters)
    .innerJoin(accounts, eq(accounts.id, usageCounters.accountId))
    .where(
      and(
        eq(accounts.slug, slug),
        eq(usageCounters.meterId, meterId),
        lte(usageCounters.periodStart, at),
        gt(usageCounters.periodEnd, at),
      ),
    );
  return row?.used ?? 0;
}

describe("seedDemo", () => {
  it("creates one account per coaching plan the first time", async () => {
    const result = await seedDemo(database.db, coaching, now);
    expect(result.created).toEqual(["demo-free", "demo-lifestyle", "demo-growth", "demo-mastery"]);
    const plans = await database.db.select({ planId: subscriptions.planId }).from(subscriptions);
    expect(plans.map((row) => row.planId).sort()).toEqual([
      "free",
      "growth",
      "lifestyle",
      "mastery",
    ]);
  });

  it("gives every demo account an owner who signs in with the printed password", async () => {
    const result = await seedDemo(database.db, coaching, now);
    expect(result.signIns.map((signIn) => signIn.email)).toEqual([
      "admin@demo.tally.dev",
      "ada@demo.tally.dev",
      "ben@demo.tally.dev",
      "chloe@demo.tally.dev",
      "dev@demo.tally.dev",
    ]);
    const server = createTestApp(database);
    for (const signIn of result.signIns) {
      const response = await server.app.request("/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: signIn.email, password: signIn.password }),
      });
      expect(response.status, signIn.email).toBe(200);
    }
    const ben = await server.auth.api.signInEmail({
      body: { email: "ben@demo.tally.dev", password: DEMO_PASSWORD },
      returnHeaders: true,
    });
    const cookie = ben.headers.getSetCookie()[0]?.split(";")[0] ?? "";
    const caller = await server.callerWith({ cookie });
    const current = await caller.caller.accounts.current();
    expect(current).toMatchObject({ account: { slug: "demo-lifestyle" }, role: "owner" });
  });

  it("makes the demo operator a platform admin", async () => {
    const [admin] = await database.db
      .select({ role: users.role })
      .from(users)
      .where(eq(users.email, "admin@demo.tally.dev"));
    expect(admin?.role).toBe("admin");
  });

  it("changes nothing when run again", async () => {
    const count = async () => {
      const [row] = await database.db
        .select({ events: sql<number>`count(*)::int` })
        .from(usageEvents);
      return row?.events;
    };
    const before = await count();
    const result = await seedDemo(database.db, coaching, new Date(now.getTime() + 3_600_000));
    expect(result.created).toEqual([]);
    expect(result.existing).toHaveLength(4);
    expect(await count()).toBe(before);
  });

  it("keeps every counter equal to the sum of its events", async () => {
    const drift = await database.db.execute(sql`
      select c.account_id, c.meter_id, c.used, coalesce(sum(e.quantity), 0)::bigint as summed
      from ${usageCounters} c
      left join ${usageEvents} e on e.account_id = c.account_id and e.meter_id = c.meter_id
        and e.period_start = c.period_start and e.kind = 'usage'
      group by c.account_id, c.meter_id, c.period_start, c.used
      having c.used <> coalesce(sum(e.quantity), 0)`);
    expect(drift).toHaveLength(0);
  });

  it("puts the Lifestyle account at 85% of its minutes", async () => {
    const allowance = entitlementFor(coaching, "lifestyle", "ai_voice_seconds").allowance;
    expect(allowance).toBe(7200);
    expect((await usedBy("demo-lifestyle", "ai_voice_seconds")) / 7200).toBeCloseTo(0.85, 5);
  });

  it("raises the Lifestyle account's 80% alert once, as live usage would", async () => {
    const alerts = await database.db
      .select({ kind: usageAlerts.kind, thresholdPercent: usageAlerts.thresholdPercent })
      .from(usageAlerts)
      .innerJoin(accounts, eq(accounts.id, usageAlerts.accountId))
      .where(eq(accounts.slug, "demo-lifestyle"));
    expect(alerts).toEqual([{ kind: "usage_threshold", thresholdPercent: 80 }]);
  });

  it("puts the Growth account in overage on both meters", async () => {
    for (const meterId of ["ai_voice_seconds", "coach_calls"] as const) {
      const price = priceOverage({
        used: await usedBy("demo-growth", meterId),
        entitlement: entitlementFor(coaching, "growth", meterId),
      });
      expect(price.amountCents).toBeGreaterThan(0);
    }
  });

  it("gives the Growth account an ended billing period in overage, ready to invoice", async () => {
    const [growth] = await database.db
      .select({ start: subscriptions.billingAnchor })
      .from(subscriptions)
      .innerJoin(accounts, eq(accounts.id, subscriptions.accountId))
      .where(eq(accounts.slug, "demo-growth"));
    if (!growth) throw new Error("no demo-growth subscription");
    const lastPeriod = billingPeriodFor({
      anchor: growth.start,
      at: growth.start,
      interval: "month",
    });
    expect(lastPeriod.end.getTime()).toBeLessThanOrEqual(now.getTime());
    expect(await usedBy("demo-growth", "ai_voice_seconds", growth.start)).toBe(25_230);
    expect(await usedBy("demo-growth", "coach_calls", growth.start)).toBe(6);
  });

  it("seeds nothing for a catalog without a demo story", async () => {
    const result = await seedDemo(database.db, reports, now);
    expect(result).toEqual({ created: [], existing: [], signIns: [] });
  });
});
