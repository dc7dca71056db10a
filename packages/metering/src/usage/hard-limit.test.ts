import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { assistant, coaching, ide, reports } from "@tally/tier-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAccountOnPlan, ledgerTotals, openPools } from "../test-support";
import type { MeteringDeps } from "./deps";
import { reserve } from "./reserve";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.drop());

const anchor = new Date("2026-03-01T00:00:00Z");
const now = new Date("2026-03-10T12:00:00Z");

/** 50 reserves of one unit at once, spread over three pools as if from three server processes. */
async function fiftyAtOnce(
  call: { accountId: string; meterId: string },
  catalog: MeteringDeps["catalog"],
) {
  const pools = await openPools(test.url, { count: 3, max: 6 });
  try {
    return await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        reserve(
          { db: pools.dbs[index % 3] ?? test.db, catalog },
          { ...call, quantity: 1, idempotencyKey: `concurrent-${index}`, now },
        ),
      ),
    );
  } finally {
    await pools.close();
  }
}

describe("hard limits under concurrency", () => {
  it("lets exactly one of 50 concurrent calls through at allowance - 1 (block)", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "pro", anchor });
    const call = { accountId: account.id, meterId: "requests" };
    const deps = { db: test.db, catalog: assistant };
    await reserve(deps, { ...call, quantity: 999, idempotencyKey: "warm-up", now });

    const results = await fiftyAtOnce(call, assistant);
    expect(results.filter((result) => result.outcome !== "block")).toHaveLength(1);
    for (const blocked of results.filter((result) => result.outcome === "block")) {
      expect(blocked).toMatchObject({ reason: "limit_reached", used: 1000, eventId: null });
    }
    expect(await ledgerTotals(test.db, call)).toEqual({
      counters: 1000,
      events: 1000,
      eventRows: 2,
    });
  });

  it("lets exactly one of 50 concurrent calls through one below a grace limit", async () => {
    // Reports' free plan: 50 a month, blocked past floor(50 × 1.10) = 55.
    const { account } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    const call = { accountId: account.id, meterId: "reports" };
    await reserve(
      { db: test.db, catalog: reports },
      { ...call, quantity: 54, idempotencyKey: "warm-up", now },
    );

    const results = await fiftyAtOnce(call, reports);
    const through = results.filter((result) => result.outcome !== "block");
    expect(through).toEqual([
      expect.objectContaining({ outcome: "warn", reason: "over_allowance_grace", used: 55 }),
    ]);
    expect(await ledgerTotals(test.db, call)).toEqual({ counters: 55, events: 55, eventRows: 2 });
  });

  it("lets exactly one of 50 concurrent first calls of a counter through a limit of one", async () => {
    // The ide free tier allows one concurrent session and no counter row exists yet, so the 50
    // calls race to create it: the insert that creates a counter is guarded as well.
    const { account } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    const call = { accountId: account.id, meterId: "sessions" };
    const results = await fiftyAtOnce(call, ide);
    expect(results.filter((result) => result.outcome !== "block")).toHaveLength(1);
    expect(await ledgerTotals(test.db, call)).toEqual({ counters: 1, events: 1, eventRows: 1 });
  });

  it("refuses a quantity above the hard limit on a new counter, writing nothing", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    const call = { accountId: account.id, meterId: "ai_voice_seconds" };
    const result = await reserve(
      { db: test.db, catalog: coaching },
      { ...call, quantity: 901, idempotencyKey: "too-long", now },
    );
    expect(result).toMatchObject({
      outcome: "block",
      reason: "limit_reached",
      used: 0,
      remaining: 900,
      eventId: null,
    });
    expect(await ledgerTotals(test.db, call)).toEqual({ counters: 0, events: 0, eventRows: 0 });
  });

  it("refuses a call that would overshoot, even by part of its quantity", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    const call = { accountId: account.id, meterId: "ai_voice_seconds" };
    const deps = { db: test.db, catalog: coaching };
    await reserve(deps, { ...call, quantity: 899, idempotencyKey: "most", now });
    const result = await reserve(deps, { ...call, quantity: 2, idempotencyKey: "two", now });
    expect(result).toMatchObject({ outcome: "block", used: 899, remaining: 1 });
    expect(await ledgerTotals(test.db, call)).toEqual({ counters: 899, events: 899, eventRows: 1 });
  });
});
