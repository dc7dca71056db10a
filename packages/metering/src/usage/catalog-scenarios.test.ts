import { limitOverrides } from "@tally/db";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { type AnyCatalog, coaching, ide, reports } from "@tally/tier-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAccountOnPlan, ledgerTotals } from "../test-support";
import { recordUsage } from "./record-usage";
import { reserve } from "./reserve";
import type { UsageResult } from "./usage-result";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.drop());

const anchor = new Date("2026-01-31T10:00:00Z");

/** Reserves one unit `times` times in a row and returns every answer. */
async function callRepeatedly(
  catalog: AnyCatalog,
  call: { accountId: string; meterId: string; now: Date },
  times: number,
  keyPrefix: string,
): Promise<UsageResult[]> {
  const results: UsageResult[] = [];
  for (let index = 0; index < times; index += 1) {
    results.push(
      await reserve(
        { db: test.db, catalog },
        { ...call, quantity: 1, idempotencyKey: `${keyPrefix}-${index}` },
      ),
    );
  }
  return results;
}

describe("ide: daily limits reset at 00:00 UTC", () => {
  it("blocks the 21st call of a UTC day on the free tier and allows calls again after midnight", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    const call = { accountId: account.id, meterId: "calls" };
    const lateEvening = new Date("2026-03-10T23:59:59.999Z");

    const day = await callRepeatedly(ide, { ...call, now: lateEvening }, 21, "day-1");
    expect(day.slice(0, 20).every((result) => result.outcome !== "block")).toBe(true);
    expect(day[15]).toMatchObject({ outcome: "warn", reason: "near_limit", used: 16 });
    expect(day[20]).toMatchObject({
      outcome: "block",
      reason: "limit_reached",
      used: 20,
      remaining: 0,
      resetsAt: new Date("2026-03-11T00:00:00Z"),
    });

    const [midnight] = await callRepeatedly(
      ide,
      { ...call, now: new Date("2026-03-11T00:00:00Z") },
      1,
      "day-2",
    );
    expect(midnight).toMatchObject({
      outcome: "allow",
      used: 1,
      remaining: 19,
      periodStart: new Date("2026-03-11T00:00:00Z"),
    });
  });
});

describe("reports: warn at 80%, grace to 110% on free, billed overage on pro", () => {
  it("warns free from the 40th of 50 reports and blocks the 56th", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    const call = {
      accountId: account.id,
      meterId: "reports",
      now: new Date("2026-03-15T00:00:00Z"),
    };
    const results = await callRepeatedly(reports, call, 56, "report");

    expect(results[38]).toMatchObject({ outcome: "allow", used: 39 });
    expect(results[39]).toMatchObject({ outcome: "warn", reason: "near_limit", used: 40 });
    expect(results[50]).toMatchObject({
      outcome: "warn",
      reason: "over_allowance_grace",
      used: 51,
    });
    expect(results[54]).toMatchObject({ outcome: "warn", used: 55, remaining: 0 });
    expect(results[55]).toMatchObject({ outcome: "block", reason: "limit_reached", used: 55 });
    expect(results[55]?.periodStart).toEqual(new Date("2026-03-01T00:00:00Z"));
  });

  it("only warns pro past its 300 reports and keeps counting them", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "pro", anchor });
    const call = {
      accountId: account.id,
      meterId: "reports",
      now: new Date("2026-03-15T00:00:00Z"),
    };
    const deps = { db: test.db, catalog: reports };
    await reserve(deps, { ...call, quantity: 299, idempotencyKey: "bulk" });
    const [at, past, further] = await callRepeatedly(reports, call, 3, "report");

    expect(at).toMatchObject({ outcome: "warn", reason: "near_limit", used: 300, hardLimit: null });
    expect(past).toMatchObject({ outcome: "warn", reason: "overage_billed", used: 301 });
    expect(further).toMatchObject({ outcome: "warn", used: 302 });
    expect(
      await ledgerTotals(test.db, { accountId: account.id, meterId: "reports" }),
    ).toMatchObject({ counters: 302, events: 302 });
  });

  it("replaces the plan's monthly quota with the account's override", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    await test.db
      .insert(limitOverrides)
      .values({ accountId: account.id, meterId: "reports", allowance: 100, reason: "sales deal" });
    const call = {
      accountId: account.id,
      meterId: "reports",
      now: new Date("2026-03-15T00:00:00Z"),
    };
    const deps = { db: test.db, catalog: reports };

    // 100 with the plan's 1.10 grace: blocked past 110, where the plan alone blocks past 55.
    expect(await reserve(deps, { ...call, quantity: 79, idempotencyKey: "a" })).toMatchObject({
      outcome: "allow",
      allowance: 100,
      hardLimit: 110,
    });
    expect(await reserve(deps, { ...call, quantity: 31, idempotencyKey: "b" })).toMatchObject({
      outcome: "warn",
      used: 110,
    });
    expect(await reserve(deps, { ...call, quantity: 1, idempotencyKey: "c" })).toMatchObject({
      outcome: "block",
      used: 110,
    });
  });
});

describe("coaching: voice seconds", () => {
  it("records Lifestyle's measured seconds past the allowance and reports them as billed overage", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "lifestyle", anchor });
    const deps = { db: test.db, catalog: coaching };
    const call = {
      accountId: account.id,
      meterId: "ai_voice_seconds",
      now: new Date("2026-03-15T00:00:00Z"),
      mode: "measured" as const,
    };
    await recordUsage(deps, { ...call, quantity: 7000, idempotencyKey: "session-1" });
    const past = await recordUsage(deps, { ...call, quantity: 500, idempotencyKey: "session-2" });
    expect(past).toMatchObject({ outcome: "warn", reason: "overage_billed", used: 7500 });
    expect(past.eventId).not.toBeNull();
  });

  it("records a free account's measured seconds past its one-time minutes, reported as blocked", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    const result = await recordUsage(
      { db: test.db, catalog: coaching },
      {
        accountId: account.id,
        meterId: "ai_voice_seconds",
        quantity: 950,
        idempotencyKey: "ran-over",
        now: new Date("2026-03-15T00:00:00Z"),
        mode: "measured",
      },
    );
    expect(result).toMatchObject({ outcome: "block", reason: "limit_reached", used: 950 });
    expect(result.eventId).not.toBeNull();
  });

  it("counts Free's one-time minutes across months, with no reset", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    const deps = { db: test.db, catalog: coaching };
    const call = { accountId: account.id, meterId: "ai_voice_seconds" };
    await reserve(deps, {
      ...call,
      quantity: 600,
      idempotencyKey: "february",
      now: new Date("2026-02-10T00:00:00Z"),
    });
    const later = await reserve(deps, {
      ...call,
      quantity: 300,
      idempotencyKey: "august",
      now: new Date("2026-08-10T00:00:00Z"),
    });
    expect(later).toMatchObject({
      used: 900,
      remaining: 0,
      resetsAt: null,
      periodStart: new Date("1970-01-01T00:00:00Z"),
    });
  });

  it("starts a new counter at the anchor's next period, half-open and clamped at month end", async () => {
    // Anchored on Jan 31: periods start Feb 28 (clamped), then Mar 31.
    const { account } = await insertAccountOnPlan(test.db, { planId: "growth", anchor });
    const deps = { db: test.db, catalog: coaching };
    const call = { accountId: account.id, meterId: "coach_calls", quantity: 1 };
    const periodEnd = new Date("2026-03-31T10:00:00Z");

    const last = await reserve(deps, {
      ...call,
      idempotencyKey: "last-instant",
      now: new Date(periodEnd.getTime() - 1),
    });
    expect(last).toMatchObject({
      used: 1,
      periodStart: new Date("2026-02-28T10:00:00Z"),
      resetsAt: periodEnd,
    });
    const next = await reserve(deps, { ...call, idempotencyKey: "boundary", now: periodEnd });
    expect(next).toMatchObject({ used: 1, periodStart: periodEnd });
  });
});
