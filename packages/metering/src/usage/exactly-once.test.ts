import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { coaching, reports } from "@tally/tier-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAccountOnPlan, ledgerTotals, openPools } from "../test-support";
import { recordUsage } from "./record-usage";
import { release } from "./release";
import { reserve } from "./reserve";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.drop());

const anchor = new Date("2026-03-01T00:00:00Z");
const now = new Date("2026-03-10T12:00:00Z");

async function lifestyleAccount() {
  const { account } = await insertAccountOnPlan(test.db, { planId: "lifestyle", anchor });
  return account.id;
}

function voice(accountId: string, quantity: number, idempotencyKey: string) {
  return { accountId, meterId: "ai_voice_seconds", quantity, idempotencyKey, now };
}

describe("exactly once", () => {
  it("counts a retried call once and answers it with the first result", async () => {
    const accountId = await lifestyleAccount();
    const deps = { db: test.db, catalog: coaching };
    // 6000 of 7200 seconds crosses 80%, so the first answer carries an alert.
    const first = await recordUsage(deps, voice(accountId, 6000, "call-1"));
    expect(first).toMatchObject({ outcome: "warn", used: 6000, replay: false });
    expect(first.alerts).toHaveLength(1);
    await recordUsage(deps, voice(accountId, 60, "call-2"));

    const retry = await recordUsage(deps, voice(accountId, 6000, "call-1"));
    expect(retry).toEqual({ ...first, replay: true });
    expect(await ledgerTotals(test.db, { accountId, meterId: "ai_voice_seconds" })).toEqual({
      counters: 6060,
      events: 6060,
      eventRows: 2,
    });
  });

  it("refuses the same key with a different quantity or meter, and writes nothing", async () => {
    const accountId = await lifestyleAccount();
    const deps = { db: test.db, catalog: coaching };
    await recordUsage(deps, voice(accountId, 600, "call-1"));

    await expect(recordUsage(deps, voice(accountId, 601, "call-1"))).rejects.toMatchObject({
      code: "idempotency_conflict",
      details: {
        idempotencyKey: "call-1",
        first: { meterId: "ai_voice_seconds", quantity: 600 },
        requested: { meterId: "ai_voice_seconds", quantity: 601 },
      },
    });
    await expect(
      recordUsage(deps, { ...voice(accountId, 600, "call-1"), meterId: "coach_calls" }),
    ).rejects.toMatchObject({
      code: "idempotency_conflict",
      details: { requested: { meterId: "coach_calls", quantity: 600 } },
    });
    expect(await ledgerTotals(test.db, { accountId, meterId: "ai_voice_seconds" })).toEqual({
      counters: 600,
      events: 600,
      eventRows: 1,
    });
    expect(await ledgerTotals(test.db, { accountId, meterId: "coach_calls" })).toEqual({
      counters: 0,
      events: 0,
      eventRows: 0,
    });
  });

  it("counts 20 concurrent identical calls once, and all of them get the same answer", async () => {
    const accountId = await lifestyleAccount();
    const pools = await openPools(test.url, { count: 2, max: 10 });
    try {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          recordUsage(
            { db: pools.dbs[index % 2] ?? test.db, catalog: coaching },
            voice(accountId, 6000, "burst"),
          ),
        ),
      );
      expect(results.filter((result) => !result.replay)).toHaveLength(1);
      const first = results.find((result) => !result.replay);
      for (const result of results) {
        expect(result).toEqual({ ...first, replay: result.replay });
      }
    } finally {
      await pools.close();
    }
    expect(await ledgerTotals(test.db, { accountId, meterId: "ai_voice_seconds" })).toEqual({
      counters: 6000,
      events: 6000,
      eventRows: 1,
    });
  });

  it("keeps keys apart per account", async () => {
    const deps = { db: test.db, catalog: coaching };
    const first = await lifestyleAccount();
    const second = await lifestyleAccount();
    const a = await recordUsage(deps, voice(first, 60, "shared-key"));
    const b = await recordUsage(deps, voice(second, 60, "shared-key"));
    expect([a.replay, b.replay]).toEqual([false, false]);
    expect(a.eventId).not.toBe(b.eventId);
  });

  it("answers a retry with its first result even once the limit has since been reached", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    const deps = { db: test.db, catalog: reports };
    const call = { accountId: account.id, meterId: "reports", now };
    const first = await reserve(deps, { ...call, quantity: 1, idempotencyKey: "report-1" });
    // Free's grace limit is 55; fill it up.
    await reserve(deps, { ...call, quantity: 54, idempotencyKey: "fill" });
    expect(
      await reserve(deps, { ...call, quantity: 1, idempotencyKey: "report-new" }),
    ).toMatchObject({ outcome: "block", eventId: null });

    const retry = await reserve(deps, { ...call, quantity: 1, idempotencyKey: "report-1" });
    expect(retry).toEqual({ ...first, replay: true });
  });

  it("refuses to replay a key whose call failed and was released, so it is never run uncounted", async () => {
    const accountId = await lifestyleAccount();
    const deps = { db: test.db, catalog: coaching };
    const first = await reserve(deps, voice(accountId, 60, "flaky"));
    await release(deps, { accountId, eventId: first.eventId ?? 0, now });

    await expect(reserve(deps, voice(accountId, 60, "flaky"))).rejects.toMatchObject({
      code: "idempotency_conflict",
      details: { reason: "released", eventId: first.eventId },
    });
    expect(await ledgerTotals(test.db, { accountId, meterId: "ai_voice_seconds" })).toEqual({
      counters: 0,
      events: 0,
      eventRows: 2,
    });
  });

  it("deduplicates measured usage by its key as well", async () => {
    const accountId = await lifestyleAccount();
    const deps = { db: test.db, catalog: coaching };
    const measured = { ...voice(accountId, 8000, "session-9"), mode: "measured" as const };
    const first = await recordUsage(deps, measured);
    const retry = await recordUsage(deps, measured);
    expect(retry).toEqual({ ...first, replay: true });
    expect(await ledgerTotals(test.db, { accountId, meterId: "ai_voice_seconds" })).toEqual({
      counters: 8000,
      events: 8000,
      eventRows: 1,
    });
  });
});
