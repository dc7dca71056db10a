import { usageCounters } from "@tally/db";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { coaching } from "@tally/tier-config";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAccountOnPlan, ledgerTotals } from "../test-support";
import { rebuildCounters } from "./rebuild-counters";
import { release } from "./release";
import { reserve } from "./reserve";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.drop());

const anchor = new Date("2026-03-01T00:00:00Z");
const march = new Date("2026-03-10T12:00:00Z");
const april = new Date("2026-04-10T12:00:00Z");

/** A Growth account with usage in two periods and a released reservation. */
async function accountWithHistory() {
  const { account } = await insertAccountOnPlan(test.db, { planId: "growth", anchor });
  const deps = { db: test.db, catalog: coaching };
  const call = { accountId: account.id, meterId: "ai_voice_seconds" };
  await reserve(deps, { ...call, quantity: 120, idempotencyKey: "a", now: march });
  const failed = await reserve(deps, { ...call, quantity: 60, idempotencyKey: "b", now: march });
  await release(deps, { accountId: account.id, eventId: failed.eventId!, now: march });
  await reserve(deps, { ...call, quantity: 30, idempotencyKey: "c", now: april });
  await reserve(deps, {
    ...call,
    meterId: "coach_calls",
    quantity: 1,
    idempotencyKey: "d",
    now: april,
  });
  return account.id;
}

function counterOf(accountId: string, periodStart: Date) {
  return and(
    eq(usageCounters.accountId, accountId),
    eq(usageCounters.meterId, "ai_voice_seconds"),
    eq(usageCounters.periodStart, periodStart),
  );
}

describe("rebuildCounters", () => {
  it("finds every counter equal to its events after recordings and releases", async () => {
    const accountId = await accountWithHistory();
    expect(await rebuildCounters(test.db, { accountId })).toEqual({
      checked: 3,
      differences: [],
      repaired: 0,
    });
  });

  it("finds a corrupted counter and, when asked, repairs it to the unit", async () => {
    const accountId = await accountWithHistory();
    const untouched = await accountWithHistory();
    const marchStart = new Date("2026-03-01T00:00:00Z");
    await test.db.update(usageCounters).set({ used: 5000 }).where(counterOf(accountId, marchStart));

    const report = await rebuildCounters(test.db, { accountId });
    expect(report).toEqual({
      checked: 3,
      differences: [
        {
          accountId,
          meterId: "ai_voice_seconds",
          periodStart: marchStart,
          counter: 5000,
          events: 120,
        },
      ],
      repaired: 0,
    });
    expect(await rebuildCounters(test.db, { accountId, repair: true })).toMatchObject({
      repaired: 1,
    });
    expect(await rebuildCounters(test.db, { accountId })).toMatchObject({ differences: [] });
    expect(await ledgerTotals(test.db, { accountId, meterId: "ai_voice_seconds" })).toMatchObject({
      counters: 150,
      events: 150,
    });
    expect(await rebuildCounters(test.db, { accountId: untouched })).toMatchObject({
      differences: [],
    });
  });

  it("reports a counter row that is missing, without inventing its period end", async () => {
    const accountId = await accountWithHistory();
    const aprilStart = new Date("2026-04-01T00:00:00Z");
    await test.db.delete(usageCounters).where(counterOf(accountId, aprilStart));

    expect(await rebuildCounters(test.db, { accountId, repair: true })).toEqual({
      checked: 3,
      differences: [
        {
          accountId,
          meterId: "ai_voice_seconds",
          periodStart: aprilStart,
          counter: null,
          events: 30,
        },
      ],
      repaired: 0,
    });
  });

  it("checks every account when none is named", async () => {
    const accountId = await accountWithHistory();
    await test.db
      .update(usageCounters)
      .set({ used: 1 })
      .where(counterOf(accountId, new Date("2026-03-01T00:00:00Z")));
    const report = await rebuildCounters(test.db, {});
    expect(report.checked).toBeGreaterThanOrEqual(3);
    expect(report.differences.map((difference) => difference.accountId)).toContain(accountId);
  });
});
