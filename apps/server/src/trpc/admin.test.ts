import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp, type TestUser } from "../testing/test-app";

let database: TestDatabase;
let server: TestApp;
let admin: TestUser;

beforeAll(async () => {
  database = await createTestDatabase();
  server = createTestApp(database);
  admin = await server.signUp({ email: "admin@test.tally.dev", name: "Operator" });
});

afterAll(() => database.drop());

describe("platform admin", () => {
  it("finds accounts by a member's email and assigns a plan with a reason in the history", async () => {
    const customer = await server.signUp({ email: "findme@test.tally.dev", name: "Find Me" });
    const caller = await server.callerOf(admin);
    const found = await caller.admin.findAccounts({ query: "findme@" });
    expect(found.map((account) => account.id)).toEqual([customer.accountId]);

    await caller.admin.assignPlan({
      accountId: customer.accountId,
      planId: "mastery",
      reason: "partner deal",
    });
    expect((await (await server.callerOf(customer)).subscription.current()).plan.id).toBe(
      "mastery",
    );
    const history = await caller.admin.history({ accountId: customer.accountId });
    expect(JSON.stringify(history)).toContain("partner deal");
  });

  it("sets an override that the snapshot reflects, and clears it", async () => {
    const customer = await server.signUp();
    const caller = await server.callerOf(admin);
    await caller.admin.setOverride({
      accountId: customer.accountId,
      meter: "coach_calls",
      allowance: 2,
      reason: "goodwill",
    });
    await (await server.callerOf(customer)).coach.bookCall({});
    const snapshot = await caller.admin.snapshot({ accountId: customer.accountId });
    expect(snapshot.account.id).toBe(customer.accountId);
    expect(snapshot.usage.find((meter) => meter.meterId === "coach_calls")).toMatchObject({
      used: 1,
      allowance: 2,
      decision: "warn",
      ratio: 0.5,
    });
    await caller.admin.clearOverride({
      accountId: customer.accountId,
      meter: "coach_calls",
      reason: "pilot over",
    });
    const cleared = await caller.admin.snapshot({ accountId: customer.accountId });
    expect(cleared.usage.find((meter) => meter.meterId === "coach_calls")).toMatchObject({
      allowance: 0,
      decision: "block",
    });
  });

  it("lists subscriptions with filters and pages, and counts them by plan and interval", async () => {
    const caller = await server.callerOf(admin);
    const page = await caller.admin.subscriptions({ planId: "free", page: 1, pageSize: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThan(1);
    expect(page.items.every((item) => item.planId === "free")).toBe(true);
    const statistics = await caller.admin.statistics();
    expect(statistics.byPlan.find((entry) => entry.planId === "free")?.accounts).toBe(page.total);
    expect(statistics.byInterval).toContainEqual({
      interval: "month",
      accounts: expect.any(Number),
    });
  });

  it("lists accounts at their limit today and reports free -> paid conversion for a week", async () => {
    const customer = await server.signUp();
    const caller = await server.callerOf(admin);
    await caller.admin.setOverride({
      accountId: customer.accountId,
      meter: "coach_calls",
      allowance: 1,
      reason: "trial call",
    });
    await (await server.callerOf(customer)).coach.bookCall({});
    const over = await caller.admin.overLimitToday();
    expect(over).toContainEqual(
      expect.objectContaining({
        accountId: customer.accountId,
        meterId: "coach_calls",
        used: 1,
        limit: 1,
      }),
    );

    await (await server.callerOf(customer)).subscription.upgrade({ planId: "lifestyle" });
    const DAY_MS = 86_400_000;
    const report = await caller.admin.weeklyReport({
      weekStart: new Date(Date.now() - 3 * DAY_MS),
    });
    expect(report.conversions).toBeGreaterThanOrEqual(1);
    expect(report.conversionRate).toBeGreaterThan(0);
    expect(report.newAccounts).toBeGreaterThanOrEqual(2);
  });

  it("refuses every admin procedure to a member who is not an operator", async () => {
    const member = await server.signUp();
    await expect((await server.callerOf(member)).admin.statistics()).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
