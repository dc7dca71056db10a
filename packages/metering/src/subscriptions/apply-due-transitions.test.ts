import {
  type Database,
  type NewSubscription,
  type Subscription,
  subscriptionEvents,
  subscriptions,
} from "@tally/db";
import { openDatabase } from "@tally/db/client";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import {
  type AnyCatalog,
  addMonthsClamped,
  assistant,
  billingPeriodFor,
  coaching,
  ide,
  membership,
  planIds,
  planOf,
} from "@tally/tier-config";
import { eq, inArray, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { effectivePlan } from "../effective-plan";
import { applyDueTransitions } from "./apply-due-transitions";
import { createAccount } from "./create-account";
import { isDue } from "./materialize";
import { insertSubscription, insertUser } from "./test-fixtures";

let test: TestDatabase;
let db: Database;
beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
});
afterAll(() => test.drop());

const DAY_MS = 86_400_000;

async function rowOf(id: string, database = db): Promise<Subscription> {
  const [row] = await database.select().from(subscriptions).where(eq(subscriptions.id, id));
  if (!row) throw new Error(`no subscription ${id}`);
  return row;
}

async function actionsOf(subscriptionId: string): Promise<string[]> {
  const rows = await db
    .select({ action: subscriptionEvents.action })
    .from(subscriptionEvents)
    .where(eq(subscriptionEvents.subscriptionId, subscriptionId))
    .orderBy(subscriptionEvents.createdAt);
  return rows.map((row) => row.action);
}

/** Everything in the database that is due at `now`, however many batches it takes. */
async function drain(database: Database, catalog: AnyCatalog, now: Date, batchSize = 50) {
  const total = { transitioned: 0, events: 0 };
  for (;;) {
    const batch = await applyDueTransitions(database, catalog, { now, batchSize });
    total.transitioned += batch.transitioned;
    total.events += batch.events;
    if (batch.selected < batchSize) return total;
  }
}

/** A row on `planId` billed monthly from `anchor`, in its first period. */
function monthlyFrom(anchor: Date, planId: string): Omit<NewSubscription, "accountId"> {
  const period = billingPeriodFor({ anchor, at: anchor, interval: "month" });
  return {
    planId,
    status: "active",
    billingInterval: "month",
    billingAnchor: anchor,
    currentPeriodStart: period.start,
    currentPeriodEnd: period.end,
  };
}

describe("period rollover", () => {
  it("clamps month-end anchors across renewals: Jan 31 -> Feb 28 -> Mar 31", async () => {
    const owner = await insertUser(db);
    const anchor = new Date("2025-01-31T15:00:00Z");
    const { subscription } = await createAccount(db, membership, {
      name: "Month end",
      ownerUserId: owner.id,
      planId: "pro",
      now: anchor,
    });
    expect(subscription.currentPeriodEnd).toEqual(new Date("2025-02-28T15:00:00Z"));

    await applyDueTransitions(db, membership, {
      now: new Date("2025-02-28T15:00:00Z"),
      batchSize: 10,
    });
    expect(await rowOf(subscription.id)).toMatchObject({
      currentPeriodStart: new Date("2025-02-28T15:00:00Z"),
      currentPeriodEnd: new Date("2025-03-31T15:00:00Z"),
    });

    await applyDueTransitions(db, membership, {
      now: new Date("2025-03-31T15:00:00Z"),
      batchSize: 10,
    });
    expect(await rowOf(subscription.id)).toMatchObject({
      currentPeriodStart: new Date("2025-03-31T15:00:00Z"),
      currentPeriodEnd: new Date("2025-04-30T15:00:00Z"),
    });
    expect(await actionsOf(subscription.id)).toEqual(["created", "renewed", "renewed"]);
  });

  it("catches up after a server was down for three months, in one run, and a second run changes nothing", async () => {
    const anchor = new Date("2025-01-31T15:00:00Z");
    const row = await insertSubscription(db, {
      ...monthlyFrom(anchor, "business"),
      scheduledPlanId: "pro",
      scheduledChangeAt: new Date("2025-02-28T15:00:00Z"),
    });
    const backOnline = new Date("2025-05-02T08:00:00Z");

    await applyDueTransitions(db, membership, { now: backOnline, batchSize: 10 });
    const after = await rowOf(row.id);
    expect(after).toMatchObject({
      planId: "pro",
      scheduledPlanId: null,
      currentPeriodStart: new Date("2025-04-30T15:00:00Z"),
      currentPeriodEnd: new Date("2025-05-31T15:00:00Z"),
    });
    expect(await actionsOf(row.id)).toEqual(["downgraded", "renewed"]);
    const [renewed] = await db
      .select()
      .from(subscriptionEvents)
      .where(eq(subscriptionEvents.subscriptionId, row.id))
      .orderBy(sql`${subscriptionEvents.createdAt} desc`)
      .limit(1);
    // Feb 28 and Mar 31 were skipped; Apr 30 is the current period.
    expect(renewed?.reason).toContain("after 2 missed period(s)");

    const again = await applyDueTransitions(db, membership, { now: backOnline, batchSize: 10 });
    expect(again.events).toBe(0);
    expect(await rowOf(row.id)).toEqual(after);
  });
});

describe("two workers", () => {
  it("sharing 200 due subscriptions apply each transition exactly once", async () => {
    const anchor = new Date("2024-06-15T00:00:00Z");
    const now = new Date("2024-07-15T00:00:00Z");
    const rows = await Promise.all(
      Array.from({ length: 200 }, (_, index) => {
        const base = monthlyFrom(anchor, "business");
        switch (index % 4) {
          case 0:
            return insertSubscription(db, base);
          case 1:
            return insertSubscription(db, {
              ...base,
              scheduledPlanId: "pro",
              scheduledChangeAt: base.currentPeriodEnd,
            });
          case 2:
            return insertSubscription(db, { ...base, cancelAtPeriodEnd: true });
          default:
            return insertSubscription(db, {
              ...base,
              planId: "member",
              status: "trialing",
              trialEndsAt: new Date(now.getTime() - DAY_MS),
            });
        }
      }),
    );
    const ids = rows.map((row) => row.id);

    // Two pools, as two worker processes would have.
    const workers = await Promise.all([
      openDatabase({ url: test.url, max: 2 }),
      openDatabase({ url: test.url, max: 2 }),
    ]);
    try {
      const counts = await Promise.all(
        workers.map(async (worker) => {
          let transitioned = 0;
          for (;;) {
            const batch = await applyDueTransitions(worker.db, membership, { now, batchSize: 7 });
            transitioned += batch.transitioned;
            if (batch.selected === 0) return transitioned;
          }
        }),
      );
      expect(counts.reduce((sum, count) => sum + count, 0)).toBe(200);
      // Both got a share: the work was split, not merely repeated by one of them.
      for (const count of counts) expect(count).toBeGreaterThan(0);
    } finally {
      await Promise.all(workers.map((worker) => worker.close()));
    }

    const events = await db
      .select({
        subscriptionId: subscriptionEvents.subscriptionId,
        action: subscriptionEvents.action,
      })
      .from(subscriptionEvents)
      .where(inArray(subscriptionEvents.subscriptionId, ids));
    const perKind = new Map<string, number>();
    for (const event of events) perKind.set(event.action, (perKind.get(event.action) ?? 0) + 1);
    expect(Object.fromEntries(perKind)).toEqual({
      renewed: 200,
      downgraded: 50,
      canceled: 50,
      trial_expired: 50,
    });
    const perSubscription = new Map<string, number>();
    for (const event of events) {
      perSubscription.set(
        event.subscriptionId,
        (perSubscription.get(event.subscriptionId) ?? 0) + 1,
      );
    }
    for (const [index, id] of ids.entries()) {
      expect(perSubscription.get(id)).toBe(index % 4 === 0 ? 1 : 2);
    }
  });
});

describe("the stored row and the lazy view", () => {
  // Its own database, emptied before every run, so the job sees only the run's subscription.
  let own: TestDatabase;
  beforeAll(async () => {
    own = await createTestDatabase();
  });
  afterAll(() => own.drop());

  const catalogs: AnyCatalog[] = [membership, assistant, ide, coaching];
  const statuses = ["active", "past_due", "canceled", "trialing", "expired"] as const;

  /** A subscription in any state our operations (or billing) can leave it in. */
  const scenario = fc
    .record({
      catalog: fc.constantFrom(...catalogs),
      planIndex: fc.nat(),
      lowerIndex: fc.nat(),
      anchor: fc
        .oneof(
          fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2025, 11, 31) }),
          // Month ends, where clamping happens.
          fc
            .record({
              month: fc.integer({ min: 0, max: 23 }),
              hour: fc.integer({ min: 0, max: 23 }),
            })
            .map(({ month, hour }) => Date.UTC(2024, month + 1, 0, hour)),
        )
        .map((time) => new Date(time)),
      interval: fc.constantFrom("month" as const, "year" as const),
      periodsIn: fc.integer({ min: 0, max: 2 }),
      status: fc.constantFrom(...statuses),
      pending: fc.constantFrom("none" as const, "downgrade" as const, "cancel" as const),
      laterMs: fc.integer({ min: 0, max: 40 * 31 * DAY_MS }),
    })
    .map((input) => {
      const { catalog, anchor, interval } = input;
      const plans = planIds(catalog);
      const planId = plans[input.planIndex % plans.length] ?? catalog.defaultPlan;
      const plan = planOf(catalog, planId);
      const lower = plans.filter((id) => planOf(catalog, id).level < plan.level);
      const months = (interval === "year" ? 12 : 1) * input.periodsIn;
      const period = billingPeriodFor({ anchor, at: addMonthsClamped(anchor, months), interval });
      const trial = plan.trialDays !== undefined;
      // Trials only run on trial plans, and only they expire.
      const status =
        (input.status === "trialing" || input.status === "expired") && !trial
          ? "active"
          : input.status;
      const downgradeTo = lower[input.lowerIndex % Math.max(lower.length, 1)];
      const row: Omit<NewSubscription, "accountId"> = {
        planId,
        status,
        billingInterval: interval,
        billingAnchor: anchor,
        currentPeriodStart: period.start,
        currentPeriodEnd: period.end,
        trialEndsAt: trial ? new Date(anchor.getTime() + (plan.trialDays ?? 0) * DAY_MS) : null,
        cancelAtPeriodEnd: input.pending === "cancel" && planId !== catalog.freePlan,
        scheduledPlanId: input.pending === "downgrade" ? (downgradeTo ?? null) : null,
        scheduledChangeAt:
          input.pending === "downgrade" && downgradeTo !== undefined ? period.end : null,
      };
      return { catalog, row, now: new Date(period.start.getTime() + input.laterMs) };
    });

  it("never disagree: after the job, the row is what effectivePlan said before it, and a rerun changes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ catalog, row, now }) => {
        await own.db.delete(subscriptionEvents);
        await own.db.delete(subscriptions);
        const before = await insertSubscription(own.db, row);
        const expected = effectivePlan(catalog, before, now);

        await drain(own.db, catalog, now);
        const after = await rowOf(before.id, own.db);

        expect(after.planId).toBe(expected.planId);
        expect(after.status).toBe(expected.status);
        expect(effectivePlan(catalog, after, now)).toEqual(expected);
        expect(isDue(after, now)).toBe(false);
        expect(after.currentPeriodStart <= now && now < after.currentPeriodEnd).toBe(true);
        expect((await drain(own.db, catalog, now)).events).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
});
