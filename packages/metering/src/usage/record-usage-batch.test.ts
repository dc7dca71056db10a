import { usageAlerts } from "@tally/db";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { coaching } from "@tally/tier-config";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isMeteringError } from "../errors";
import { insertAccountOnPlan, ledgerTotals, openPools } from "../test-support";
import { recordUsage } from "./record-usage";
import { type BatchEvent, type BatchEventOutcome, recordUsageBatch } from "./record-usage-batch";
import { release } from "./release";
import { reserve } from "./reserve";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.drop());

const anchor = new Date("2026-03-01T00:00:00Z");
const now = new Date("2026-03-10T12:00:00Z");
const VOICE = "ai_voice_seconds";
const CALLS = "coach_calls";

/** Growth: 18,000 voice seconds and 1 coach call, both billed per unit past the allowance. */
async function growthAccount() {
  const { account } = await insertAccountOnPlan(test.db, { planId: "growth", anchor });
  return account.id;
}

/** The same history before the batch: a voice event, a coach call, and a released call. */
async function withHistory(accountId: string) {
  const deps = { db: test.db, catalog: coaching };
  await recordUsage(deps, {
    accountId,
    meterId: VOICE,
    quantity: 100,
    idempotencyKey: "old-voice",
    now,
    mode: "measured",
  });
  await recordUsage(deps, {
    accountId,
    meterId: CALLS,
    quantity: 1,
    idempotencyKey: "old-call",
    now,
    mode: "measured",
  });
  const failed = await reserve(deps, {
    accountId,
    meterId: VOICE,
    quantity: 5,
    idempotencyKey: "old-failed",
    now,
  });
  if (failed.eventId === null) throw new Error("the reservation wrote no event");
  await release(deps, { accountId, eventId: failed.eventId, now });
}

/**
 * New keys, keys taken before the batch (replayed, reused for another quantity, released),
 * repeats of new keys inside the batch, an invalid event, two meters, and usage that crosses the
 * 80% and 100% lines and starts overage.
 */
const MIXED: BatchEvent[] = [
  { meterId: VOICE, quantity: 14_300, idempotencyKey: "new-1" },
  { meterId: VOICE, quantity: 100, idempotencyKey: "old-voice" },
  { meterId: VOICE, quantity: 101, idempotencyKey: "old-voice" },
  { meterId: VOICE, quantity: 5, idempotencyKey: "old-failed" },
  { meterId: CALLS, quantity: 1, idempotencyKey: "new-2" },
  { meterId: VOICE, quantity: 14_300, idempotencyKey: "new-1" },
  { meterId: CALLS, quantity: 14_300, idempotencyKey: "new-1" },
  { meterId: VOICE, quantity: 0, idempotencyKey: "zero" },
  { meterId: VOICE, quantity: 3_700, idempotencyKey: "new-3" },
  { meterId: CALLS, quantity: 2, idempotencyKey: "new-4" },
  { meterId: CALLS, quantity: 1, idempotencyKey: "new-2" },
];

/** Answers with what differs between two accounts by nature (ids, the account) taken out. */
function comparable(outcomes: readonly BatchEventOutcome[]) {
  const firstEventId = Math.min(
    ...outcomes.flatMap((outcome) =>
      outcome.ok && !outcome.result.replay && outcome.result.eventId !== null
        ? [outcome.result.eventId]
        : [],
    ),
  );
  return outcomes.map((outcome) => {
    if (!outcome.ok) {
      const { idempotencyKey, first, requested, reason, quantity } = outcome.error.details;
      return { code: outcome.error.code, idempotencyKey, first, requested, reason, quantity };
    }
    const { result } = outcome;
    return {
      ...result,
      // Replays of events written before the batch point at older ids; new ones in batch order.
      eventId:
        result.eventId === null || result.eventId < firstEventId
          ? "old"
          : result.eventId - firstEventId,
      alerts: result.alerts.map(({ id: _id, ...alert }) => alert),
    };
  });
}

async function oneByOne(accountId: string, events: readonly BatchEvent[]) {
  const outcomes: BatchEventOutcome[] = [];
  for (const event of events) {
    try {
      const result = await recordUsage(
        { db: test.db, catalog: coaching },
        { accountId, ...event, now, mode: "measured", procedure: "usage.recordBatch" },
      );
      outcomes.push({ ok: true, result });
    } catch (error) {
      if (!isMeteringError(error)) throw error;
      outcomes.push({ ok: false, error });
    }
  }
  return outcomes;
}

async function alertRows(accountId: string) {
  const rows = await test.db.select().from(usageAlerts).where(eq(usageAlerts.accountId, accountId));
  return rows
    .map(({ meterId, kind, thresholdPercent, usedAtTrigger, allowanceAtTrigger }) => ({
      meterId,
      kind,
      thresholdPercent,
      usedAtTrigger,
      allowanceAtTrigger,
    }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe("recordUsageBatch", () => {
  it("answers a mixed batch exactly as recording its events one by one would", async () => {
    const single = await growthAccount();
    const batched = await growthAccount();
    await withHistory(single);
    await withHistory(batched);

    const expected = await oneByOne(single, MIXED);
    const outcomes = await recordUsageBatch(
      { db: test.db, catalog: coaching },
      { accountId: batched, events: MIXED, now, procedure: "usage.recordBatch" },
    );

    expect(comparable(outcomes)).toEqual(comparable(expected));
    // The batch did cross lines, replay them and refuse reuses, so the comparison covered those.
    expect(
      outcomes.map((outcome) => (outcome.ok ? outcome.result.alerts.length : outcome.error.code)),
    ).toEqual([
      1,
      0,
      "idempotency_conflict",
      "idempotency_conflict",
      1,
      1,
      "idempotency_conflict",
      "invalid_quantity",
      2,
      0,
      1,
    ]);
    for (const meterId of [VOICE, CALLS]) {
      const totals = await ledgerTotals(test.db, { accountId: batched, meterId });
      expect(totals).toEqual(await ledgerTotals(test.db, { accountId: single, meterId }));
      expect(totals.counters).toBe(totals.events);
    }
    expect(await alertRows(batched)).toEqual(await alertRows(single));
  });

  it("answers a retried batch with the first answers and counts nothing again", async () => {
    const accountId = await growthAccount();
    const deps = { db: test.db, catalog: coaching };
    const events = MIXED.filter((event) => event.quantity > 0);
    const first = await recordUsageBatch(deps, { accountId, events, now });
    const retry = await recordUsageBatch(deps, { accountId, events, now });

    expect(retry).toEqual(
      first.map((outcome) =>
        outcome.ok ? { ok: true, result: { ...outcome.result, replay: true } } : outcome,
      ),
    );
    // new-1, old-voice, old-failed and new-3 are new keys on this account.
    expect(await ledgerTotals(test.db, { accountId, meterId: VOICE })).toEqual({
      counters: 18_105,
      events: 18_105,
      eventRows: 4,
    });
  });

  it("counts each key once when concurrent batches from several processes overlap", async () => {
    const accountId = await growthAccount();
    const pools = await openPools(test.url, { count: 3, max: 4 });
    try {
      // Six batches of 60 keys each, every one overlapping its neighbours by 30 keys, some keys
      // on the other meter, so batches race both on counter locks and on the same keys.
      const batches = Array.from({ length: 6 }, (_, batch) =>
        Array.from({ length: 60 }, (_, index) => {
          const key = batch * 30 + index;
          return {
            meterId: key % 7 === 0 ? CALLS : VOICE,
            quantity: 1 + (key % 3),
            idempotencyKey: `k-${key}`,
          };
        }),
      );
      const answers = await Promise.all(
        batches.map((events, index) =>
          recordUsageBatch(
            { db: pools.dbs[index % 3] ?? test.db, catalog: coaching },
            { accountId, events, now },
          ),
        ),
      );

      const byKey = new Map<string, { eventIds: Set<number | null>; counted: number }>();
      answers.forEach((outcomes, batch) => {
        outcomes.forEach((outcome, index) => {
          if (!outcome.ok) throw outcome.error;
          const key = batches[batch]?.[index]?.idempotencyKey ?? "";
          const seen = byKey.get(key) ?? { eventIds: new Set(), counted: 0 };
          seen.eventIds.add(outcome.result.eventId);
          if (!outcome.result.replay) seen.counted++;
          byKey.set(key, seen);
        });
      });
      expect(byKey.size).toBe(5 * 30 + 60);
      for (const seen of byKey.values()) {
        expect(seen).toMatchObject({ counted: 1 });
        expect(seen.eventIds.size).toBe(1);
      }
      let expectedTotal = 0;
      for (let key = 0; key < byKey.size; key++) expectedTotal += 1 + (key % 3);
      const voice = await ledgerTotals(test.db, { accountId, meterId: VOICE });
      const calls = await ledgerTotals(test.db, { accountId, meterId: CALLS });
      expect(voice.counters).toBe(voice.events);
      expect(calls.counters).toBe(calls.events);
      expect(voice.eventRows + calls.eventRows).toBe(byKey.size);
      expect(voice.events + calls.events).toBe(expectedTotal);
    } finally {
      await pools.close();
    }
  });

  it("refuses a key a concurrent batch took for another meter, and counts it once", async () => {
    const accountId = await growthAccount();
    const pools = await openPools(test.url, { count: 2, max: 2 });
    try {
      const keys = Array.from({ length: 40 }, (_, index) => `shared-${index}`);
      const [voice, calls] = await Promise.all([
        recordUsageBatch(
          { db: pools.dbs[0] ?? test.db, catalog: coaching },
          {
            accountId,
            now,
            events: keys.map((key) => ({ meterId: VOICE, quantity: 1, idempotencyKey: key })),
          },
        ),
        recordUsageBatch(
          { db: pools.dbs[1] ?? test.db, catalog: coaching },
          {
            accountId,
            now,
            events: [...keys]
              .reverse()
              .map((key) => ({ meterId: CALLS, quantity: 1, idempotencyKey: key })),
          },
        ),
      ]);
      const counted = [...(voice ?? []), ...(calls ?? [])].filter((outcome) => outcome.ok);
      const refused = [...(voice ?? []), ...(calls ?? [])].filter((outcome) => !outcome.ok);
      expect(counted).toHaveLength(40);
      expect(refused).toHaveLength(40);
      expect(
        refused.every((outcome) => !outcome.ok && outcome.error.code === "idempotency_conflict"),
      ).toBe(true);
      const totals = [
        await ledgerTotals(test.db, { accountId, meterId: VOICE }),
        await ledgerTotals(test.db, { accountId, meterId: CALLS }),
      ];
      expect(totals.reduce((sum, total) => sum + total.events, 0)).toBe(40);
      for (const total of totals) expect(total.counters).toBe(total.events);
    } finally {
      await pools.close();
    }
  });
});
