import {
  accountMembers,
  accounts,
  apiKeys,
  subscriptions,
  usageAlerts,
  usageCounters,
  usageEvents,
} from "@tally/db";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp, type TestUser } from "../testing/test-app";
import { appRouter } from "./root";

/**
 * Invariant 8: a member of account A, with A's session, can neither read nor change anything of
 * account B. Every procedure of the router needs a case here: the first test fails when one is
 * added without one.
 */

let database: TestDatabase;
let server: TestApp;
let a: TestUser;
let b: TestUser;
/** What B owns that A could try to reach by id. */
let bIds: {
  apiKeyId: string;
  apiKeyPrefix: string;
  alertIds: string[];
  memberUserId: string;
  memberEmail: string;
};

type Caller = Awaited<ReturnType<TestApp["callerOf"]>>;
type Case = (callerA: Caller) => Promise<unknown>;

async function refused(call: Promise<unknown>, code: string): Promise<void> {
  await expect(call).rejects.toMatchObject({ code });
}

const rejectsForbidden = (call: Promise<unknown>) => refused(call, "FORBIDDEN");

const cases: Record<string, Case> = {
  "plans.list": (c) => c.plans.list(),
  "plans.compare": (c) => c.plans.compare(),

  "subscription.current": async (c) => {
    const current = await c.subscription.current();
    expect(current.plan.id).toBe("free"); // B is on Growth
    return current;
  },
  "subscription.upgrade": (c) => c.subscription.upgrade({ planId: "lifestyle" }),
  "subscription.downgrade": (c) => c.subscription.downgrade({ planId: "free" }),
  "subscription.cancel": (c) => c.subscription.cancel(),
  "subscription.resume": (c) => c.subscription.resume(),
  "subscription.history": (c) => c.subscription.history({ limit: 100 }),

  "usage.summary": (c) => c.usage.summary(),
  "usage.log": (c) => c.usage.log({ limit: 100 }),
  "usage.quota": (c) => c.usage.quota(),
  "usage.daily": async (c) => {
    const daily = await c.usage.daily({ meter: "ai_voice_seconds" });
    // B recorded 15,000 seconds today; A never comes near that.
    expect(daily.days.every((day) => day.used < 15_000)).toBe(true);
    return daily;
  },
  // B's idempotency keys mean nothing in A's account: no replay of B's result, no conflict.
  "usage.consume": (c) =>
    c.usage.consume({ meter: "ai_voice_seconds", quantity: 1, idempotencyKey: "b-voice-1" }),
  "usage.record": async (c) => {
    const recorded = await c.usage.record({
      meter: "ai_voice_seconds",
      quantity: 7,
      idempotencyKey: "b-voice-1",
    });
    expect(recorded.usage.replay).toBe(false);
    return recorded;
  },
  "usage.recordBatch": (c) =>
    c.usage.recordBatch({
      events: [{ meter: "ai_voice_seconds", quantity: 3, idempotencyKey: "b-voice-2" }],
    }),

  "alerts.list": (c) => c.alerts.list({ limit: 100 }),
  "alerts.markRead": (c) => c.alerts.markRead({ ids: bIds.alertIds }),
  "alerts.webhook": async (c) => {
    expect(await c.alerts.webhook()).toEqual({ url: null, hasSecret: false });
  },
  "alerts.setWebhook": (c) => c.alerts.setWebhook({ url: "https://a.example/hook" }),
  "alerts.rotateWebhookSecret": (c) => c.alerts.rotateWebhookSecret(),

  "modules.list": async (c) => {
    const modules = await c.modules.list();
    expect(modules.filter((module) => module.unlocked)).toHaveLength(2); // Free's, not Growth's 18
    return modules;
  },
  "modules.open": (c) => rejectsForbidden(c.modules.open({ moduleId: "career-clarity" })),

  "voice.startSession": async (c) => {
    const session = await c.voice.startSession();
    expect(session.usage.limit).toBe(900); // A's free minutes, not B's
    return session;
  },
  "voice.endSession": (c) =>
    c.voice.endSession({ sessionId: "5b1c1f9e-0000-4000-8000-00000000000b", seconds: 5 }),
  "coach.bookCall": (c) => refused(c.coach.bookCall({}), "TOO_MANY_REQUESTS"),

  "accounts.list": async (c) => {
    const list = await c.accounts.list();
    expect(list.map((entry) => entry.accountId)).toEqual([a.accountId]);
    return list;
  },
  "accounts.switch": (c) => rejectsForbidden(c.accounts.switch({ accountId: b.accountId })),
  "accounts.current": async (c) => {
    const current = await c.accounts.current();
    expect(current.account.id).toBe(a.accountId);
    return current;
  },
  "accounts.members": (c) => c.accounts.members(),
  "accounts.addMember": (c) =>
    c.accounts.addMember({ email: b.email, role: "member" }).then(() =>
      // A may invite B's owner into A; that adds to A and leaves B's membership as it was.
      c.accounts.removeMember({ userId: b.userId }),
    ),
  "accounts.removeMember": (c) =>
    refused(c.accounts.removeMember({ userId: bIds.memberUserId }), "NOT_FOUND"),
  "accounts.apiKeys": (c) => c.accounts.apiKeys(),
  "accounts.createApiKey": (c) => c.accounts.createApiKey({ name: "a key" }),
  "accounts.revokeApiKey": (c) =>
    refused(c.accounts.revokeApiKey({ id: bIds.apiKeyId }), "NOT_FOUND"),

  // Operators only: a member of A is refused outright, whatever account they name.
  "billing.currentPeriod": async (c) => {
    const current = await c.billing.currentPeriod();
    // B is on Growth with overage; A's free plan has nothing to charge.
    expect(current.totalCents).toBe(0);
    return current;
  },
  "billing.upcoming": (c) => c.billing.upcoming(),
  "billing.invoices": (c) => c.billing.invoices({ limit: 50 }),
  "admin.billing.rerunClose": (c) =>
    rejectsForbidden(
      c.admin.billing.rerunClose({ accountId: b.accountId, periodStart: new Date(0) }),
    ),
  "admin.billing.reconciliation": (c) =>
    rejectsForbidden(
      c.admin.billing.reconciliation({ from: new Date(0), to: new Date(86_400_000) }),
    ),
  "admin.findAccounts": (c) => rejectsForbidden(c.admin.findAccounts({ query: "b" })),
  "admin.assignPlan": (c) =>
    rejectsForbidden(
      c.admin.assignPlan({ accountId: b.accountId, planId: "free", reason: "takeover" }),
    ),
  "admin.setOverride": (c) =>
    rejectsForbidden(
      c.admin.setOverride({
        accountId: b.accountId,
        meter: "coach_calls",
        allowance: 0,
        reason: "takeover",
      }),
    ),
  "admin.clearOverride": (c) =>
    rejectsForbidden(
      c.admin.clearOverride({ accountId: b.accountId, meter: "coach_calls", reason: "x" }),
    ),
  "admin.snapshot": (c) => rejectsForbidden(c.admin.snapshot({ accountId: b.accountId })),
  "admin.history": (c) => rejectsForbidden(c.admin.history({ accountId: b.accountId })),
  "admin.subscriptions": (c) => rejectsForbidden(c.admin.subscriptions({})),
  "admin.statistics": (c) => rejectsForbidden(c.admin.statistics()),
  "admin.overLimitToday": (c) => rejectsForbidden(c.admin.overLimitToday()),
  "admin.weeklyReport": (c) => rejectsForbidden(c.admin.weeklyReport({})),
};

/** Everything of B's that A must not be able to change. */
async function stateOfB() {
  const { db } = database;
  const id = b.accountId;
  return {
    account: await db.select().from(accounts).where(eq(accounts.id, id)),
    subscription: await db.select().from(subscriptions).where(eq(subscriptions.accountId, id)),
    members: await db
      .select()
      .from(accountMembers)
      .where(eq(accountMembers.accountId, id))
      .orderBy(asc(accountMembers.userId)),
    keys: await db.select().from(apiKeys).where(eq(apiKeys.accountId, id)).orderBy(asc(apiKeys.id)),
    counters: await db
      .select()
      .from(usageCounters)
      .where(eq(usageCounters.accountId, id))
      .orderBy(asc(usageCounters.meterId)),
    events: await db
      .select()
      .from(usageEvents)
      .where(eq(usageEvents.accountId, id))
      .orderBy(asc(usageEvents.id)),
    alerts: await db
      .select()
      .from(usageAlerts)
      .where(eq(usageAlerts.accountId, id))
      .orderBy(asc(usageAlerts.id)),
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  server = createTestApp(database);
  a = await server.signUp({ email: "a-owner@test.tally.dev" });
  b = await server.signUp({ email: "b-owner@test.tally.dev" });
  const member = await server.signUp({ email: "b-member@test.tally.dev" });

  const callerB = await server.callerOf(b);
  await callerB.subscription.upgrade({ planId: "growth" });
  await callerB.usage.record({
    meter: "ai_voice_seconds",
    quantity: 15_000,
    idempotencyKey: "b-voice-1",
  });
  await callerB.coach.bookCall({});
  await callerB.alerts.setWebhook({ url: "https://b.example/hook" });
  await callerB.accounts.addMember({ email: member.email, role: "admin" });
  const key = await callerB.accounts.createApiKey({ name: "b service" });
  const alerts = await callerB.alerts.list({ limit: 100 });
  expect(alerts.length).toBeGreaterThan(0);
  bIds = {
    apiKeyId: key.id,
    apiKeyPrefix: key.prefix,
    alertIds: alerts.map((alert: { id: string }) => alert.id),
    memberUserId: member.userId,
    memberEmail: member.email,
  };
});

afterAll(() => database.drop());

describe("tenant isolation", () => {
  it("has a case for every procedure of the router", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(Object.keys(cases).sort()).toEqual(procedures);
  });

  it.each(Object.keys(cases))(
    "%s with A's session neither reads nor changes B's data",
    async (path) => {
      const run = cases[path];
      if (!run) throw new Error(`no case for ${path}`);
      const before = await stateOfB();
      const outcome = await run(await server.callerOf(a)).then(
        (value) => JSON.stringify(value ?? null),
        (error: unknown) => JSON.stringify({ error: String(error) }),
      );
      for (const secret of [
        b.accountId,
        b.email,
        bIds.apiKeyId,
        bIds.apiKeyPrefix,
        bIds.memberEmail,
        "b.example",
        ...bIds.alertIds,
      ]) {
        expect(outcome).not.toContain(secret);
      }
      expect(await stateOfB()).toEqual(before);
    },
  );

  it("keeps B's API key working after A tried to revoke it", async () => {
    const { caller } = await server.callerWith({ cookie: b.cookie });
    const keys = await caller.accounts.apiKeys();
    expect(keys.find((key) => key.id === bIds.apiKeyId)?.revokedAt).toBeNull();
  });

  it("ignores an account id a client slips into the input", async () => {
    const response = await server.http("usage.summary", {
      query: true,
      input: { accountId: b.accountId },
      headers: { cookie: a.cookie },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).not.toContain(b.accountId);
  });
});
