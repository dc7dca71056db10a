import {
  type Database,
  type SubscriptionEvent,
  subscriptionEvents,
  subscriptions,
} from "@tally/db";
import { openDatabase } from "@tally/db/client";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { type AnyCatalog, assistant, coaching, ide, membership, reports } from "@tally/tier-config";
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { entitlementOf, loadAccountState } from "../account-state";
import { effectivePlan } from "../effective-plan";
import { MeteringError } from "../errors";
import { applyDueTransitions } from "./apply-due-transitions";
import { assignPlan } from "./assign-plan";
import { cancelSubscription } from "./cancel-subscription";
import { changePlan } from "./change-plan";
import { createAccount } from "./create-account";
import { resumeSubscription } from "./resume-subscription";
import type { Actor } from "./subscription-event";
import { subscriptionHistory } from "./subscription-history";
import { insertUser } from "./test-fixtures";

// A deployment serves one catalog, so each catalog gets a database of its own: the transition
// job reads every subscription in its database with its catalog.
const databases = new Map<string, TestDatabase>();
afterAll(() => Promise.all([...databases.values()].map((database) => database.drop())));

async function databaseFor(catalog: AnyCatalog): Promise<Database> {
  let database = databases.get(catalog.id);
  if (!database) {
    database = await createTestDatabase();
    databases.set(catalog.id, database);
  }
  return database.db;
}

function urlOf(catalog: AnyCatalog): string {
  const database = databases.get(catalog.id);
  if (!database) throw new Error(`no database for ${catalog.id} yet`);
  return database.url;
}

const JAN_10 = new Date("2025-01-10T09:00:00Z");
const FEB_10 = new Date("2025-02-10T09:00:00Z");
const JUST_BEFORE_FEB_10 = new Date(FEB_10.getTime() - 1);

async function newAccount(catalog: AnyCatalog, planId: string) {
  const db = await databaseFor(catalog);
  const owner = await insertUser(db);
  const created = await createAccount(db, catalog, {
    name: "Acme",
    ownerUserId: owner.id,
    planId,
    now: JAN_10,
  });
  const actor: Actor = { userId: owner.id, isAdmin: false };
  return { ...created, db, owner, actor, accountId: created.account.id };
}

async function subscriptionOf(db: Database, accountId: string) {
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.accountId, accountId));
  if (!row) throw new Error("no subscription");
  return row;
}

async function eventsOf(db: Database, accountId: string): Promise<SubscriptionEvent[]> {
  return db
    .select()
    .from(subscriptionEvents)
    .where(eq(subscriptionEvents.accountId, accountId))
    .orderBy(asc(subscriptionEvents.createdAt));
}

/** Runs the transition job over the catalog's database until nothing is left, at `now`. */
async function runTransitions(catalog: AnyCatalog, now: Date) {
  const db = await databaseFor(catalog);
  for (;;) {
    const batch = await applyDueTransitions(db, catalog, { now, batchSize: 50 });
    if (batch.selected < 50) return;
  }
}

describe("upgrades", () => {
  it("apply at once: the new allowance counts in the current period", async () => {
    const { db, accountId, actor, subscription } = await newAccount(coaching, "lifestyle");
    const mid = new Date("2025-01-25T12:00:00Z");
    const before = await loadAccountState(db, coaching, accountId, mid);
    expect(entitlementOf(coaching, before, "coach_calls").allowance).toBe(0);

    const result = await changePlan(db, coaching, {
      accountId,
      toPlanId: "growth",
      actor,
      now: mid,
    });

    expect(result.effect).toBe("upgraded");
    expect(result.effectiveAt).toEqual(mid);
    const after = await loadAccountState(db, coaching, accountId, mid);
    const calls = entitlementOf(coaching, after, "coach_calls");
    expect(calls.allowance).toBe(1);
    // Same period as before the upgrade, so usage already counted in it still counts.
    expect(calls.period.start).toEqual(subscription.currentPeriodStart);
    expect(result.subscription.currentPeriodEnd).toEqual(subscription.currentPeriodEnd);
  });

  it("are serialised: 10 concurrent upgrades of one account make one upgrade, the rest see the same plan", async () => {
    const { db, accountId, actor } = await newAccount(membership, "member");
    // A pool of ten connections, all open before the calls start, so the ten really overlap.
    const pool = await openDatabase({ url: urlOf(membership), max: 10 });
    let attempts: PromiseSettledResult<unknown>[];
    try {
      await Promise.all(
        Array.from({ length: 10 }, () => pool.db.execute(sql`select pg_sleep(0.05)`)),
      );
      attempts = await Promise.allSettled(
        Array.from({ length: 10 }, () =>
          changePlan(pool.db, membership, { accountId, toPlanId: "elite", actor, now: JAN_10 }),
        ),
      );
    } finally {
      await pool.close();
    }

    expect(attempts.filter((attempt) => attempt.status === "fulfilled")).toHaveLength(1);
    for (const attempt of attempts) {
      if (attempt.status === "rejected") {
        expect(attempt.reason).toBeInstanceOf(MeteringError);
        expect(attempt.reason).toMatchObject({
          code: "invalid_plan_change",
          details: { reason: "same_plan" },
        });
      }
    }
    const upgraded = (await eventsOf(db, accountId)).filter((event) => event.action === "upgraded");
    expect(upgraded).toHaveLength(1);
  });

  it("can switch to annual billing without moving the current period's start", async () => {
    const { db, accountId, actor, subscription } = await newAccount(membership, "pro");
    const mid = new Date("2025-03-20T00:00:00Z");
    const result = await changePlan(db, membership, {
      accountId,
      toPlanId: "business",
      interval: "year",
      actor,
      now: mid,
    });
    expect(result.subscription.billingInterval).toBe("year");
    expect(result.subscription.currentPeriodStart).toEqual(new Date("2025-03-10T09:00:00Z"));
    expect(result.subscription.currentPeriodEnd).toEqual(new Date("2026-03-10T09:00:00Z"));
    expect(subscription.billingInterval).toBe("month");
  });
});

describe("downgrades", () => {
  it("are scheduled for the period end and take effect exactly there (membership pro -> member)", async () => {
    const { db, accountId, actor } = await newAccount(membership, "pro");
    const result = await changePlan(db, membership, {
      accountId,
      toPlanId: "member",
      actor,
      now: new Date("2025-01-20T00:00:00Z"),
    });

    expect(result.effect).toBe("downgrade_scheduled");
    expect(result.effectiveAt).toEqual(FEB_10);
    expect(result.subscription).toMatchObject({
      planId: "pro",
      scheduledPlanId: "member",
      scheduledChangeAt: FEB_10,
    });
    // The lazy view switches at the boundary, before any job runs.
    expect(effectivePlan(membership, result.subscription, JUST_BEFORE_FEB_10).planId).toBe("pro");
    expect(effectivePlan(membership, result.subscription, FEB_10).planId).toBe("member");

    await runTransitions(membership, JUST_BEFORE_FEB_10);
    expect(await subscriptionOf(db, accountId)).toMatchObject({
      planId: "pro",
      scheduledPlanId: "member",
    });

    await runTransitions(membership, FEB_10);
    expect(await subscriptionOf(db, accountId)).toMatchObject({
      planId: "member",
      status: "active",
      scheduledPlanId: null,
      scheduledChangeAt: null,
      currentPeriodStart: FEB_10,
      currentPeriodEnd: new Date("2025-03-10T09:00:00Z"),
    });
    const actions = (await eventsOf(db, accountId)).map((event) => event.action);
    expect(actions).toEqual(["created", "downgrade_scheduled", "downgraded", "renewed"]);
  });

  it("take effect even when the job has not run, if the account changes plans again", async () => {
    const { db, accountId, actor } = await newAccount(membership, "business");
    await changePlan(db, membership, { accountId, toPlanId: "pro", actor, now: JAN_10 });
    // Past the boundary with no job: the account is on pro, so pro -> business is an upgrade.
    const result = await changePlan(db, membership, {
      accountId,
      toPlanId: "business",
      actor,
      now: new Date("2025-02-15T00:00:00Z"),
    });
    expect(result.effect).toBe("upgraded");
    const actions = (await eventsOf(db, accountId)).map((event) => event.action);
    expect(actions).toEqual([
      "created",
      "downgrade_scheduled",
      "downgraded",
      "renewed",
      "upgraded",
    ]);
  });

  it("can be cancelled by resuming before the period end", async () => {
    const { db, accountId, actor } = await newAccount(membership, "elite");
    await changePlan(db, membership, { accountId, toPlanId: "pro", actor, now: JAN_10 });
    const resumed = await resumeSubscription(db, membership, { accountId, actor, now: JAN_10 });

    expect(resumed.cleared).toBe("downgrade");
    expect(effectivePlan(membership, resumed.subscription, FEB_10).planId).toBe("elite");
    await runTransitions(membership, FEB_10);
    expect((await subscriptionOf(db, accountId)).planId).toBe("elite");
  });
});

describe("cancels", () => {
  it("keep the plan until the period end, then revert to the free plan (membership: member)", async () => {
    const { db, accountId, actor } = await newAccount(membership, "business");
    const result = await cancelSubscription(db, membership, {
      accountId,
      actor,
      reason: "too expensive",
      now: new Date("2025-01-11T00:00:00Z"),
    });

    expect(result.effectiveAt).toEqual(FEB_10);
    expect(effectivePlan(membership, result.subscription, JUST_BEFORE_FEB_10).planId).toBe(
      "business",
    );
    expect(effectivePlan(membership, result.subscription, FEB_10)).toMatchObject({
      planId: "member",
      status: "active",
      access: "full",
    });

    await runTransitions(membership, FEB_10);
    expect(await subscriptionOf(db, accountId)).toMatchObject({
      planId: "member",
      status: "active",
      cancelAtPeriodEnd: false,
      canceledAt: FEB_10,
    });
    const canceled = (await eventsOf(db, accountId)).find((event) => event.action === "canceled");
    expect(canceled).toMatchObject({
      fromPlanId: "business",
      toPlanId: "member",
      actorUserId: null,
    });
  });

  it("are undone by resuming before the end", async () => {
    const { db, accountId, actor } = await newAccount(membership, "pro");
    await cancelSubscription(db, membership, { accountId, actor, now: JAN_10 });
    const resumed = await resumeSubscription(db, membership, { accountId, actor, now: JAN_10 });

    expect(resumed.cleared).toBe("cancel");
    await runTransitions(membership, FEB_10);
    expect(await subscriptionOf(db, accountId)).toMatchObject({ planId: "pro", status: "active" });
  });

  it("cannot be resumed after the period end, and resume with nothing pending is refused", async () => {
    const { db, accountId, actor } = await newAccount(membership, "pro");
    await cancelSubscription(db, membership, { accountId, actor, now: JAN_10 });
    const late = resumeSubscription(db, membership, { accountId, actor, now: FEB_10 });
    await expect(late).rejects.toMatchObject({
      code: "invalid_plan_change",
      details: { reason: "nothing_to_resume" },
    });
    // The refused call rolled back the catch-up it started with, too.
    expect(await subscriptionOf(db, accountId)).toMatchObject({
      planId: "pro",
      cancelAtPeriodEnd: true,
    });
  });

  it("of the assistant revert to its trial plan, expired, so access is blocked until an upgrade", async () => {
    const { db, accountId, actor } = await newAccount(assistant, "trial");
    await changePlan(db, assistant, { accountId, toPlanId: "plus", actor, now: JAN_10 });
    await cancelSubscription(db, assistant, { accountId, actor, now: JAN_10 });
    const state = await loadAccountState(db, assistant, accountId, FEB_10);
    expect(state.plan).toMatchObject({ planId: "trial", status: "expired", access: "blocked" });
  });
});

describe("trials", () => {
  it("end when the account upgrades", async () => {
    const { db, accountId, actor, subscription } = await newAccount(assistant, "trial");
    expect(subscription).toMatchObject({
      status: "trialing",
      trialEndsAt: new Date("2025-01-17T09:00:00Z"),
    });
    const upgradedAt = new Date("2025-01-12T00:00:00Z");
    const result = await changePlan(db, assistant, {
      accountId,
      toPlanId: "pro",
      actor,
      now: upgradedAt,
    });
    expect(result.subscription).toMatchObject({
      planId: "pro",
      status: "active",
      trialEndsAt: upgradedAt,
    });
    // Nothing expires later: the trial is over.
    expect(effectivePlan(assistant, result.subscription, FEB_10).status).toBe("active");
  });

  it("of the assistant expire into a blocked account until it upgrades", async () => {
    const { db, accountId, actor } = await newAccount(assistant, "trial");
    const expiry = new Date("2025-01-17T09:00:00Z");
    await runTransitions(assistant, expiry);

    expect(await subscriptionOf(db, accountId)).toMatchObject({
      planId: "trial",
      status: "expired",
    });
    expect((await loadAccountState(db, assistant, accountId, expiry)).plan.access).toBe("blocked");
    const expired = (await eventsOf(db, accountId)).find(
      (event) => event.action === "trial_expired",
    );
    expect(expired).toMatchObject({
      fromStatus: "trialing",
      toStatus: "expired",
      actorUserId: null,
    });

    const upgraded = await changePlan(db, assistant, {
      accountId,
      toPlanId: "teams",
      actor,
      now: new Date("2025-01-20T00:00:00Z"),
    });
    expect(upgraded.subscription).toMatchObject({ planId: "teams", status: "active" });
    expect((await loadAccountState(db, assistant, accountId, FEB_10)).plan.access).toBe("full");
  });

  it("of the ide free tier expire into read-only access", async () => {
    const { db, accountId } = await newAccount(ide, "free");
    const expiry = new Date("2025-01-17T09:00:00Z");
    const before = await loadAccountState(db, ide, accountId, new Date(expiry.getTime() - 1));
    expect(before.plan).toMatchObject({ status: "trialing", access: "full" });

    await runTransitions(ide, expiry);
    const after = await loadAccountState(db, ide, accountId, expiry);
    expect(after.subscription.status).toBe("expired");
    expect(after.plan.access).toBe("read_only");
  });

  it("are not restarted by a member's plan change", async () => {
    const { db, accountId, actor } = await newAccount(assistant, "pro");
    const refused = changePlan(db, assistant, { accountId, toPlanId: "trial", actor, now: JAN_10 });
    await expect(refused).rejects.toMatchObject({
      code: "invalid_plan_change",
      details: { reason: "trial_plan" },
    });
  });
});

describe("operator assignment", () => {
  it("applies at once in any direction, requires a reason and is recorded as an admin action", async () => {
    const { db, accountId } = await newAccount(membership, "elite");
    const admin = await insertUser(db, { role: "admin" });

    const missing = assignPlan(db, membership, {
      accountId,
      planId: "pro",
      actor: { userId: admin.id },
      reason: "   ",
      now: JAN_10,
    });
    await expect(missing).rejects.toMatchObject({
      code: "invalid_input",
      details: { field: "reason" },
    });

    const { subscription } = await assignPlan(db, membership, {
      accountId,
      planId: "pro",
      actor: { userId: admin.id },
      reason: "support ticket 4411",
      now: JAN_10,
    });
    expect(subscription).toMatchObject({ planId: "pro", status: "active", scheduledPlanId: null });
    const assigned = (await eventsOf(db, accountId)).at(-1);
    expect(assigned).toMatchObject({
      action: "plan_assigned",
      fromPlanId: "elite",
      toPlanId: "pro",
      actorUserId: admin.id,
      isAdminAction: true,
      reason: "support ticket 4411",
    });
  });

  it("can put an account on a plan members cannot choose", async () => {
    const { db, accountId, actor } = await newAccount(reports, "free");
    const admin = await insertUser(db, { role: "admin" });
    const selfServe = changePlan(db, reports, {
      accountId,
      toPlanId: "affiliate",
      actor,
      now: JAN_10,
    });
    await expect(selfServe).rejects.toMatchObject({ details: { reason: "not_self_serve" } });

    const { subscription } = await assignPlan(db, reports, {
      accountId,
      planId: "affiliate",
      actor: { userId: admin.id },
      reason: "partner programme",
      now: JAN_10,
    });
    expect(subscription.planId).toBe("affiliate");
  });
});

describe("history", () => {
  it("records every change with its actor, admin flag and reason, newest first, page by page", async () => {
    const { db, accountId, actor, owner } = await newAccount(membership, "member");
    const admin = await insertUser(db, { role: "admin" });
    await changePlan(db, membership, {
      accountId,
      toPlanId: "business",
      actor,
      reason: "team grew",
      now: JAN_10,
    });
    await changePlan(db, membership, { accountId, toPlanId: "pro", actor, now: JAN_10 });
    await resumeSubscription(db, membership, { accountId, actor, now: JAN_10 });
    await cancelSubscription(db, membership, {
      accountId,
      actor,
      reason: "moving on",
      now: JAN_10,
    });
    await assignPlan(db, membership, {
      accountId,
      planId: "family",
      actor: { userId: admin.id },
      reason: "goodwill",
      now: JAN_10,
    });

    const first = await subscriptionHistory(db, { accountId, limit: 4 });
    expect(first.nextCursor).not.toBeNull();
    const second = await subscriptionHistory(db, {
      accountId,
      limit: 4,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second.nextCursor).toBeNull();
    const lines = [...first.items, ...second.items].map((event) => ({
      action: event.action,
      from: event.fromPlanId,
      to: event.toPlanId,
      actor: event.actorUserId,
      admin: event.isAdminAction,
      reason: event.reason,
    }));
    expect(lines).toEqual([
      {
        action: "plan_assigned",
        from: "business",
        to: "family",
        actor: admin.id,
        admin: true,
        reason: "goodwill",
      },
      {
        action: "cancel_scheduled",
        from: "business",
        to: "member",
        actor: owner.id,
        admin: false,
        reason: "moving on",
      },
      {
        action: "scheduled_change_cleared",
        from: "business",
        to: "business",
        actor: owner.id,
        admin: false,
        reason: 'dropped the downgrade to "pro"',
      },
      {
        action: "downgrade_scheduled",
        from: "business",
        to: "pro",
        actor: owner.id,
        admin: false,
        reason: null,
      },
      {
        action: "upgraded",
        from: "member",
        to: "business",
        actor: owner.id,
        admin: false,
        reason: "team grew",
      },
      { action: "created", from: null, to: "member", actor: owner.id, admin: false, reason: null },
    ]);
  });

  it("refuses a page size outside 1..100 and a malformed cursor", async () => {
    const { db, accountId } = await newAccount(membership, "member");
    await expect(subscriptionHistory(db, { accountId, limit: 0 })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(subscriptionHistory(db, { accountId, limit: 101 })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(
      subscriptionHistory(db, { accountId, limit: 10, cursor: "'; drop table users" }),
    ).rejects.toMatchObject({ code: "invalid_input" });
  });
});

describe("bad input", () => {
  it("is refused with a MeteringError and writes nothing", async () => {
    const { db, accountId, actor } = await newAccount(membership, "pro");
    const rowBefore = await subscriptionOf(db, accountId);
    const eventsBefore = await eventsOf(db, accountId);

    // Thunks, so each attempt starts only when awaited and none rejects unobserved.
    const refusals: [() => Promise<unknown>, string, string | undefined][] = [
      [
        () => changePlan(db, membership, { accountId, toPlanId: "platinum", actor, now: JAN_10 }),
        "unknown_plan",
        undefined,
      ],
      [
        () => changePlan(db, membership, { accountId, toPlanId: "pro", actor, now: JAN_10 }),
        "invalid_plan_change",
        "same_plan",
      ],
      [
        () =>
          changePlan(db, membership, {
            accountId,
            toPlanId: "member",
            interval: "year",
            actor,
            now: JAN_10,
          }),
        "invalid_plan_change",
        "interval_change_on_downgrade",
      ],
      [
        () => resumeSubscription(db, membership, { accountId, actor, now: JAN_10 }),
        "invalid_plan_change",
        "nothing_to_resume",
      ],
      [
        () =>
          assignPlan(db, membership, {
            accountId,
            planId: "nope",
            actor: { userId: "x" },
            reason: "r",
            now: JAN_10,
          }),
        "unknown_plan",
        undefined,
      ],
      [
        () =>
          changePlan(db, membership, {
            accountId: "not-a-uuid",
            toPlanId: "elite",
            actor,
            now: JAN_10,
          }),
        "no_subscription",
        undefined,
      ],
      [
        () =>
          changePlan(db, membership, {
            accountId: "00000000-0000-4000-8000-000000000000",
            toPlanId: "elite",
            actor,
            now: JAN_10,
          }),
        "no_subscription",
        undefined,
      ],
    ];
    for (const [attempt, code, reason] of refusals) {
      const error = await attempt().then(
        () => undefined,
        (rejection: unknown) => rejection,
      );
      expect(error).toBeInstanceOf(MeteringError);
      expect(error).toMatchObject({ code });
      if (reason) expect(error).toMatchObject({ details: { reason } });
    }

    await cancelSubscription(db, membership, { accountId, actor, now: JAN_10 });
    const again = cancelSubscription(db, membership, { accountId, actor, now: JAN_10 });
    await expect(again).rejects.toMatchObject({ details: { reason: "already_canceling" } });
    await resumeSubscription(db, membership, { accountId, actor, now: JAN_10 });

    const rowAfter = await subscriptionOf(db, accountId);
    expect({ ...rowAfter, updatedAt: null }).toEqual({ ...rowBefore, updatedAt: null });
    const eventsAfter = await eventsOf(db, accountId);
    expect(eventsAfter.slice(0, eventsBefore.length)).toEqual(eventsBefore);
    expect(eventsAfter.slice(eventsBefore.length).map((event) => event.action)).toEqual([
      "cancel_scheduled",
      "resumed",
    ]);
  });

  it("cancelling the free plan is refused", async () => {
    const { db, accountId, actor } = await newAccount(membership, "member");
    const refused = cancelSubscription(db, membership, { accountId, actor, now: JAN_10 });
    await expect(refused).rejects.toMatchObject({ details: { reason: "already_free" } });
  });
});
