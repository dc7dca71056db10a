import { usageCounters } from "@tally/db";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { coaching, ide } from "@tally/tier-config";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAccountOnPlan, ledgerTotals } from "../test-support";
import { checkEntitlement } from "./check-entitlement";
import { reserve } from "./reserve";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.drop());

const anchor = new Date("2026-03-01T00:00:00Z");
const now = new Date("2026-03-10T12:00:00Z");

describe("checkEntitlement", () => {
  it("tells what the next call would get and writes nothing", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    const deps = { db: test.db, catalog: ide };
    const call = { accountId: account.id, meterId: "calls", now };
    await reserve(deps, { ...call, quantity: 19, idempotencyKey: "most" });

    expect(await checkEntitlement(deps, call)).toEqual({
      outcome: "warn",
      reason: "near_limit",
      meterId: "calls",
      quantity: 1,
      used: 19,
      allowance: 20,
      hardLimit: 20,
      remaining: 1,
      ratioBasisPoints: 9500,
      periodStart: new Date("2026-03-10T00:00:00Z"),
      resetsAt: new Date("2026-03-11T00:00:00Z"),
      alerts: [],
      replay: false,
      eventId: null,
    });
    expect(await checkEntitlement(deps, { ...call, quantity: 2 })).toMatchObject({
      outcome: "block",
      reason: "limit_reached",
      used: 19,
    });
    expect(await ledgerTotals(test.db, { accountId: account.id, meterId: "calls" })).toEqual({
      counters: 19,
      events: 19,
      eventRows: 1,
    });
  });

  it("reads the counter, never the call log", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "growth", anchor });
    const deps = { db: test.db, catalog: coaching };
    const call = { accountId: account.id, meterId: "ai_voice_seconds", now };
    await reserve(deps, { ...call, quantity: 60, idempotencyKey: "one-minute" });
    // Only a check that reads the counter can see this; a sum over events would still say 60.
    await test.db
      .update(usageCounters)
      .set({ used: sql`${usageCounters.used} + 1000` })
      .where(
        and(eq(usageCounters.accountId, account.id), eq(usageCounters.meterId, "ai_voice_seconds")),
      );

    expect(await checkEntitlement(deps, call)).toMatchObject({ used: 1060 });
  });

  it("answers zero before any usage of the period", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "mastery", anchor });
    expect(
      await checkEntitlement(
        { db: test.db, catalog: coaching },
        { accountId: account.id, meterId: "ai_voice_seconds", now },
      ),
    ).toMatchObject({
      outcome: "allow",
      reason: "unlimited",
      used: 0,
      allowance: "unlimited",
      hardLimit: null,
      remaining: null,
      ratioBasisPoints: null,
    });
  });
});
