import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../testing/test-app";

let database: TestDatabase;
let server: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  server = createTestApp(database);
});

afterAll(() => database.drop());

describe("voice sessions", () => {
  it("records the measured seconds once per session, then refuses a start when nothing remains", async () => {
    const user = await server.signUp();
    const caller = await server.callerOf(user);
    const session = await caller.voice.startSession();
    expect(session.remainingSeconds).toBe(900);

    const ended = await caller.voice.endSession({ sessionId: session.sessionId, seconds: 600 });
    expect(ended.usage).toMatchObject({ used: 600, decision: "allow", replay: false });
    const retried = await caller.voice.endSession({ sessionId: session.sessionId, seconds: 600 });
    expect(retried.usage).toMatchObject({ used: 600, replay: true });

    // Measured usage is recorded even past the one-time allowance: the minutes were spent.
    const second = await caller.voice.startSession();
    const over = await caller.voice.endSession({ sessionId: second.sessionId, seconds: 400 });
    expect(over.usage.used).toBe(1000);
    await expect(caller.voice.startSession()).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: "No voice minutes remain on your plan",
    });
  });

  it("names the plan to upgrade to when no minutes remain, as metered calls do", async () => {
    const user = await server.signUp();
    const caller = await server.callerOf(user);
    const session = await caller.voice.startSession();
    await caller.voice.endSession({ sessionId: session.sessionId, seconds: 900 });
    const response = await server.http("voice.startSession", {
      input: {},
      headers: { cookie: user.cookie },
    });
    expect(response.status).toBe(429);
    const body = (await response.json()) as { error: { data: Record<string, unknown> } };
    expect(body.error.data).toMatchObject({ upgradeTo: "lifestyle", used: 900, limit: 900 });
  });
});

describe("usage.daily", () => {
  it("adds up each UTC day of the current period, net of releases, with empty days as zero", async () => {
    const user = await server.signUp();
    const caller = await server.callerOf(user);
    await caller.voice.endSession({ sessionId: crypto.randomUUID(), seconds: 120 });
    await caller.voice.endSession({ sessionId: crypto.randomUUID(), seconds: 45 });
    const daily = await caller.usage.daily({ meter: "ai_voice_seconds" });
    expect(daily).toMatchObject({ meterId: "ai_voice_seconds", allowance: 900, periodEnd: null });
    expect(daily.days).toEqual([{ day: new Date().toISOString().slice(0, 10), used: 165 }]);

    const calls = await caller.usage.daily({ meter: "coach_calls" });
    expect(calls.days.map((day) => day.used).every((used) => used === 0)).toBe(true);
    expect(calls.days.at(-1)?.day).toBe(new Date().toISOString().slice(0, 10));
  });

  it("refuses a meter the catalog does not have", async () => {
    const caller = await server.callerOf(await server.signUp());
    await expect(caller.usage.daily({ meter: "nutriton" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

describe("modules", () => {
  it("lists every module with locked ones naming the cheapest plan that unlocks them", async () => {
    const user = await server.signUp();
    const modules = await (await server.callerOf(user)).modules.list();
    expect(modules).toHaveLength(31);
    expect(modules.filter((module) => module.unlocked).map((module) => module.id)).toEqual([
      "getting-started",
      "goal-setting",
    ]);
    expect(modules.find((module) => module.id === "negotiation")).toMatchObject({
      unlocked: false,
      requiredPlan: "mastery",
    });
  });

  it("opens a module once the plan includes it", async () => {
    const user = await server.signUp();
    const caller = await server.callerOf(user);
    await expect(caller.modules.open({ moduleId: "nutrition" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await caller.subscription.upgrade({ planId: "lifestyle" });
    await expect(
      (await server.callerOf(user)).modules.open({ moduleId: "nutrition" }),
    ).resolves.toEqual({
      id: "nutrition",
      name: "Nutrition",
      group: "lifestyle",
    });
  });
});

describe("subscription", () => {
  it("cancels at the period end and resumes before it, keeping the history", async () => {
    const user = await server.signUp();
    const caller = await server.callerOf(user);
    await caller.subscription.upgrade({ planId: "growth" });
    await caller.subscription.cancel();
    const canceled = await caller.subscription.current();
    expect(canceled.plan.id).toBe("growth");
    expect(canceled.cancelAt).toEqual(canceled.currentPeriod.end);
    await caller.subscription.resume();
    expect((await caller.subscription.current()).cancelAt).toBeNull();
    const history = await caller.subscription.history({ limit: 10 });
    expect(JSON.stringify(history)).toContain("upgraded");
  });

  it("refuses a downgrade sent as an upgrade, and plans operators assign", async () => {
    const user = await server.signUp();
    const caller = await server.callerOf(user);
    await expect(caller.subscription.upgrade({ planId: "free" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(caller.subscription.upgrade({ planId: "platinum" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: 'Unknown plan "platinum"',
    });
  });
});

describe("plans.compare", () => {
  it("lines up every plan against every meter and module group", async () => {
    const { caller } = await server.callerWith();
    const matrix = await caller.plans.compare();
    expect(matrix.plans.map((plan) => plan.id)).toEqual(["free", "lifestyle", "growth", "mastery"]);
    const calls = matrix.meters.find((meter) => meter.meterId === "coach_calls");
    expect(calls?.cells.map((cell) => cell.allowance)).toEqual([0, 0, 1, 4]);
    const mastery = matrix.moduleGroups.find((group) => group.groupId === "mastery");
    expect(mastery?.cells).toEqual([0, 0, 0, 13]);
  });
});
