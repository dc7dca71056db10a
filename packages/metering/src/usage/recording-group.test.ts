import { type Database, usageAlerts, usageEvents } from "@tally/db";
import {
  createTestDatabase,
  createTestPglite,
  PGLITE_TIMEOUT_MS,
  type TestDatabase,
} from "@tally/db/testing";
import { coaching, crossedAlerts, hardLimitFor, reports } from "@tally/tier-config";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AccountState, entitlementOf, loadAccountState } from "../account-state";
import { insertAccountOnPlan, ledgerTotals, openPools } from "../test-support";
import { type RecordUsageInput, recordUsage } from "./record-usage";
import { countedDecision, type UsageResult } from "./usage-result";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.drop());

const anchor = new Date("2026-03-01T00:00:00Z");
const now = new Date("2026-03-10T12:00:00Z");
const voice = "ai_voice_seconds";

async function accountOn(db: Database, planId: string): Promise<string> {
  const { account } = await insertAccountOnPlan(db, { planId, anchor });
  return account.id;
}

function stateOf(db: Database, accountId: string): Promise<AccountState> {
  return loadAccountState(db, coaching, accountId, now);
}

/** The transaction that wrote each event: events written by one statement share it. */
async function writersOf(db: Database, eventIds: readonly (number | null)[]): Promise<string[]> {
  const ids = eventIds.map((id) => id ?? 0);
  const rows = await db
    .select({ id: usageEvents.id, writer: sql<string>`${usageEvents}.xmin::text` })
    .from(usageEvents)
    .where(inArray(usageEvents.id, ids));
  const writerOf = new Map(rows.map((row) => [row.id, row.writer]));
  return ids.map((id) => writerOf.get(id) ?? "none");
}

/** Voice seconds counted on growth (18,000 a month), far from its alert lines. */
async function growthWithVoiceCounted(db: Database, seconds: number) {
  const accountId = await accountOn(db, "growth");
  await recordUsage({ db, catalog: coaching }, voiceCall(accountId, seconds, "warm-up"));
  return { accountId, state: await stateOf(db, accountId) };
}

function voiceCall(accountId: string, quantity: number, idempotencyKey: string): RecordUsageInput {
  return { accountId, meterId: voice, quantity, idempotencyKey, now };
}

describe("the recording group", () => {
  it("sends a lone call at once, then the calls that waited for it as one statement", async () => {
    const accounts = await Promise.all(
      Array.from({ length: 5 }, () => growthWithVoiceCounted(test.db, 100)),
    );
    // Two calls per counter: a group counts both, each at its own position.
    const calls = [...accounts, ...accounts].map(({ accountId, state }, index) => ({
      ...voiceCall(accountId, 10 + index, `call-${index}`),
      state,
    }));
    const results = await Promise.all(
      calls.map((call) => recordUsage({ db: test.db, catalog: coaching }, call)),
    );
    expect(results.map((result) => result.used)).toEqual([
      110, 111, 112, 113, 114, 125, 127, 129, 131, 133,
    ]);
    const [lone, ...grouped] = await writersOf(
      test.db,
      results.map((result) => result.eventId),
    );
    expect(new Set(grouped).size).toBe(1);
    expect(grouped).not.toContain(lone);
  });

  it("gives every caller the answer of its own position under 200 concurrent recordings", async () => {
    // Coaching free: 900 lifetime seconds, blocked there; growth: billed overage past 18,000 and
    // one coach call; mastery: unlimited voice, 4 coach calls; reports free: 50 reports, blocked
    // past the grace limit of 55, which no alert line marks. Every account starts at zero.
    const plans = [
      { catalog: coaching, planId: "free", measured: false },
      { catalog: coaching, planId: "growth", measured: true },
      { catalog: coaching, planId: "mastery", measured: true },
      { catalog: reports, planId: "free", measured: false },
    ] as const;
    const accounts = await Promise.all(
      Array.from({ length: 20 }, async (_, index) => {
        const plan = plans[index % plans.length] ?? plans[0];
        const accountId = await accountOn(test.db, plan.planId);
        const state = await loadAccountState(test.db, plan.catalog, accountId, now);
        return { accountId, state, ...plan };
      }),
    );
    let seed = 7;
    const random = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % below;
    };
    const calls: { account: (typeof accounts)[number]; input: RecordUsageInput }[] = [];
    for (let index = 0; index < 200; index++) {
      const account = accounts[index % 20] ?? accounts[0];
      const earlier = calls[index - 20];
      if (account === undefined) throw new Error("20 accounts were made");
      if (index % 10 === 9 && earlier !== undefined) {
        calls.push({ account, input: { ...earlier.input } }); // a retry: same call, same key
        continue;
      }
      const [meterId, quantity] =
        account.catalog === reports
          ? ["reports", 4 + random(5)]
          : random(5) === 0
            ? ["coach_calls", 1]
            : [voice, account.planId === "growth" ? 1000 + random(2000) : 40 + random(80)];
      calls.push({
        account,
        input: {
          accountId: account.accountId,
          meterId,
          quantity,
          idempotencyKey: `call-${index}`,
          now,
          mode: account.measured && random(4) === 0 ? "measured" : "enforce",
        },
      });
    }
    const pools = await openPools(test.url, { count: 2, max: 5 });
    let results: UsageResult[];
    try {
      results = await Promise.all(
        calls.map(({ account, input }, index) =>
          recordUsage({ db: pools.dbs[index % 2] ?? test.db, catalog: account.catalog }, input),
        ),
      );
    } finally {
      await pools.close();
    }
    const answered = calls.map((call, index) => {
      const result = results[index];
      if (result === undefined) throw new Error("every call was answered");
      return { ...call, key: `${call.input.accountId}/${call.input.idempotencyKey}`, result };
    });

    // Each key is counted once, and a retry answers exactly what its first call was answered.
    const counted = answered.filter(({ result }) => !result.replay && result.eventId !== null);
    const firstOf = new Map(counted.map(({ key, result }) => [key, result]));
    expect(firstOf.size).toBe(counted.length);
    for (const { key, result } of answered) {
      if (result.replay) expect(result).toEqual({ ...firstOf.get(key), replay: true });
      if (result.eventId === null) {
        expect(result).toMatchObject({ outcome: "block", reason: "limit_reached" });
      }
    }

    const accountIds = accounts.map((account) => account.accountId);
    const stored = await test.db
      .select({ id: usageEvents.id, decision: usageEvents.decision })
      .from(usageEvents)
      .where(inArray(usageEvents.accountId, accountIds));
    const storedDecision = new Map(stored.map((row) => [row.id, row.decision]));
    const alertRows = await test.db
      .select()
      .from(usageAlerts)
      .where(inArray(usageAlerts.accountId, accountIds));
    for (const account of accounts) {
      const { accountId } = account;
      for (const meterId of account.catalog === reports ? ["reports"] : [voice, "coach_calls"]) {
        const meter = entitlementOf(account.catalog, account.state, meterId);
        const mine = counted
          .filter((call) => call.account === account && call.input.meterId === meterId)
          .map(({ result }) => result)
          .sort((a, b) => a.used - b.used);
        // The positions chain as if the calls had come one by one, each answered at its own.
        let used = 0;
        for (const result of mine) {
          used += result.quantity;
          const decision = countedDecision(meter, used - result.quantity, result.quantity, "full");
          expect(result).toMatchObject(decision);
          expect(storedDecision.get(result.eventId ?? 0)).toEqual(decision);
          const alerts = crossedAlerts({
            usedBefore: used - result.quantity,
            usedAfter: used,
            entitlement: meter,
            thresholdsPercent: meter.thresholdsPercent,
          });
          expect(result.alerts).toHaveLength(alerts.length);
        }
        expect(await ledgerTotals(test.db, { accountId, meterId })).toEqual({
          counters: used,
          events: used,
          eventRows: mine.length,
        });
        const limit = hardLimitFor(meter);
        if (!account.measured && limit !== null) expect(used).toBeLessThanOrEqual(limit);
        const raised = alertRows.filter(
          (row) => row.accountId === accountId && row.meterId === meterId,
        );
        expect(raised).toHaveLength(
          crossedAlerts({
            usedBefore: 0,
            usedAfter: used,
            entitlement: meter,
            thresholdsPercent: meter.thresholdsPercent,
          }).length,
        );
      }
    }
    // Each alert reached its caller once.
    const alertIds = counted.flatMap(({ result }) => result.alerts.map((alert) => alert.id));
    expect(alertIds.sort()).toEqual(alertRows.map((row) => row.id).sort());
    // The run covered what it claims to: replays, blocks (grace ones too), alerts, and groups
    // (few here: a counter whose recordings in a group cross a line sends them all to the
    // recording transaction, and these counters cross many).
    expect(answered.filter(({ result }) => result.replay).length).toBeGreaterThan(0);
    expect(
      answered.filter(({ result }) => result.eventId === null && result.meterId === "reports")
        .length,
    ).toBeGreaterThan(0);
    expect(alertRows.length).toBeGreaterThan(10);
    const writers = await writersOf(
      test.db,
      counted.map(({ result }) => result.eventId),
    );
    expect(new Set(writers).size).toBeLessThan(counted.length);
  });

  it("holds a grace limit that no alert line marks, across the calls of one group", async () => {
    // Reports' free plan: 50 a month, blocked past 55; its alert lines are at 40 and 50.
    const accountId = await accountOn(test.db, "free");
    const deps = { db: test.db, catalog: reports };
    const call = { accountId, meterId: "reports", now };
    await recordUsage(deps, { ...call, quantity: 50, idempotencyKey: "most" });
    const state = await loadAccountState(test.db, reports, accountId, now);
    // The first goes alone; the other three go together and would pass 55 at their third.
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, index) =>
        recordUsage(deps, { ...call, quantity: 2, idempotencyKey: `more-${index}`, state }),
      ),
    );
    expect(
      results.filter((result) => result.eventId !== null).map((result) => result.used),
    ).toEqual(expect.arrayContaining([52, 54]));
    expect(results.filter((result) => result.eventId === null)).toEqual([
      expect.objectContaining({ outcome: "block", reason: "limit_reached", used: 54 }),
      expect.objectContaining({ outcome: "block", reason: "limit_reached", used: 54 }),
    ]);
    expect(await ledgerTotals(test.db, { accountId, meterId: "reports" })).toEqual({
      counters: 54,
      events: 54,
      eventRows: 3,
    });
  });

  it("falls back to one statement per call when another writer takes a key of the group", async () => {
    const raced = await growthWithVoiceCounted(test.db, 100);
    const others = await Promise.all(
      Array.from({ length: 3 }, () => growthWithVoiceCounted(test.db, 100)),
    );
    const deps = { db: test.db, catalog: coaching };
    const racedCall = { ...voiceCall(raced.accountId, 60, "raced"), state: raced.state };

    // Another process counts the key and holds its transaction open.
    const holder = await openPools(test.url, { count: 1, max: 1 });
    let commit = () => {};
    const committed = new Promise<void>((resolve) => {
      commit = resolve;
    });
    let heldAnswer: UsageResult | undefined;
    const holding = new Promise<void>((held) => {
      void holder.dbs[0]?.transaction(async (tx) => {
        heldAnswer = await recordUsage({ db: tx, catalog: coaching }, { ...racedCall });
        held();
        await committed;
      });
    });
    try {
      await holding;
      // The first call goes alone; the raced key and two others wait for it and go together.
      const [lead, ...waiting] = others;
      if (lead === undefined) throw new Error("three accounts were made");
      const calls = [
        recordUsage(deps, { ...voiceCall(lead.accountId, 10, "lead"), state: lead.state }),
        recordUsage(deps, racedCall),
        ...waiting.map(({ accountId, state }, index) =>
          recordUsage(deps, { ...voiceCall(accountId, 20 + index, "grouped"), state }),
        ),
      ];
      await waitForALockWait(test.db);
      commit();
      const [, racedAnswer, ...groupedAnswers] = await Promise.all(calls);

      expect(racedAnswer).toEqual({ ...heldAnswer, replay: true });
      expect(heldAnswer).toMatchObject({ used: 160, replay: false });
      expect(groupedAnswers.map((answer) => [answer.used, answer.replay])).toEqual([
        [120, false],
        [121, false],
      ]);
      // Each ran as its own statement after the group failed as a whole.
      const writers = await writersOf(
        test.db,
        groupedAnswers.map((answer) => answer.eventId),
      );
      expect(new Set(writers).size).toBe(2);
      expect(await ledgerTotals(test.db, { accountId: raced.accountId, meterId: voice })).toEqual({
        counters: 160,
        events: 160,
        eventRows: 2,
      });
      for (const { accountId } of waiting) {
        const totals = await ledgerTotals(test.db, { accountId, meterId: voice });
        expect(totals.counters).toBe(totals.events);
        expect(totals.eventRows).toBe(2);
      }
    } finally {
      commit();
      await holder.close();
    }
  });
});

/** Polls until a statement of this database waits for a lock another transaction holds. */
async function waitForALockWait(db: Database): Promise<void> {
  for (let attempt = 0; attempt < 250; attempt++) {
    const result = await db.execute(sql`select count(*)::int as waiting from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`);
    const rows = (Array.isArray(result) ? result : []) as { waiting: number }[];
    if ((rows[0]?.waiting ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("no statement came to wait for the held key");
}

describe("the recording group on the embedded database (PGlite)", {
  timeout: PGLITE_TIMEOUT_MS,
}, () => {
  it(
    "counts concurrent calls together, each at its own position",
    async () => {
      const embedded = await createTestPglite();
      try {
        const accounts = await Promise.all(
          Array.from({ length: 4 }, () => growthWithVoiceCounted(embedded.db, 100)),
        );
        const results = await Promise.all(
          accounts.map(({ accountId, state }, index) =>
            recordUsage(
              { db: embedded.db, catalog: coaching },
              { ...voiceCall(accountId, 10 + index, "together"), state },
            ),
          ),
        );
        expect(results.map((result) => result.used)).toEqual([110, 111, 112, 113]);
        const [, ...grouped] = await writersOf(
          embedded.db,
          results.map((result) => result.eventId),
        );
        expect(new Set(grouped).size).toBe(1);
        const first = accounts[0];
        if (first === undefined) throw new Error("four accounts were made");
        const [event] = await embedded.db
          .select({ decision: usageEvents.decision })
          .from(usageEvents)
          .where(
            and(
              eq(usageEvents.accountId, first.accountId),
              eq(usageEvents.idempotencyKey, "together"),
            ),
          );
        expect(event?.decision).toMatchObject({ outcome: "allow", used: 110 });
      } finally {
        await embedded.drop();
      }
    },
    PGLITE_TIMEOUT_MS,
  );
});
