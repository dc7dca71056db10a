import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { assistant, ide, membership, reports } from "@tally/tier-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing/test-app";

/**
 * The pricing models of PRICING-MODELS.md as a client sees them through the server: status codes,
 * the warning header and the error data. The engine's own tests cover the arithmetic.
 */

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(() => database.drop());

const DAY_MS = 86_400_000;

interface ErrorBody {
  error: { data: Record<string, unknown> };
}

describe("ide: daily limits", () => {
  it("blocks the 21st free call of a UTC day with 429, and allows calls again after midnight", async () => {
    const server = createTestApp(database, ide);
    const user = await server.signUp();
    const key = (await (await server.callerOf(user)).accounts.createApiKey({ name: "ide" })).secret;
    const headers = { authorization: `Bearer ${key}` };

    for (let call = 1; call <= 20; call++) {
      const response = await server.http("usage.consume", { input: { meter: "calls" }, headers });
      expect(response.status).toBe(200);
      // An allowed call reports what remains.
      const body = (await response.json()) as {
        result: { data: { usage: { remaining: number } } };
      };
      expect(body.result.data.usage.remaining).toBe(20 - call);
    }
    const blocked = await server.http("usage.consume", { input: { meter: "calls" }, headers });
    expect(blocked.status).toBe(429);
    const nextMidnight = new Date((Math.floor(Date.now() / DAY_MS) + 1) * DAY_MS);
    expect(((await blocked.json()) as ErrorBody).error.data).toMatchObject({
      code: "TOO_MANY_REQUESTS",
      meter: "calls",
      used: 20,
      limit: 20,
      resetsAt: nextMidnight.toISOString(),
      upgradeTo: "pro",
    });

    const tomorrow = new Date(nextMidnight.getTime() + 1000);
    const { caller } = await server.callerWith(headers, tomorrow);
    const allowed = await caller.usage.consume({ meter: "calls" });
    expect(allowed.usage).toMatchObject({ used: 1, remaining: 19 });
  });

  it("makes an expired trial read-only until an upgrade", async () => {
    const server = createTestApp(database, ide);
    const user = await server.signUp();
    const afterTrial = new Date(Date.now() + 8 * DAY_MS);
    const { caller } = await server.callerWith({ cookie: user.cookie }, afterTrial);
    expect(await caller.subscription.current()).toMatchObject({
      status: "expired",
      access: "read_only",
    });
    await expect(caller.usage.consume({ meter: "calls" })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: expect.stringContaining("trial has ended"),
    });
    await caller.subscription.upgrade({ planId: "pro" });
    const { caller: upgraded } = await server.callerWith({ cookie: user.cookie }, afterTrial);
    expect((await upgraded.usage.consume({ meter: "calls" })).usage.used).toBe(1);
  });
});

describe("reports: warn at 80%, block at 110%", () => {
  it("warns from the 40th report with the header, allows the grace zone, blocks the 56th", async () => {
    const server = createTestApp(database, reports);
    const user = await server.signUp();
    const headers = { cookie: user.cookie };
    const consume = (quantity: number) =>
      server.http("usage.consume", { input: { meter: "reports", quantity }, headers });

    const quiet = await consume(39);
    expect(quiet.status).toBe(200);
    expect(quiet.headers.get("Tally-Usage-Warning")).toBeNull();

    const warned = await consume(1);
    expect(warned.status).toBe(200);
    expect(warned.headers.get("Tally-Usage-Warning")).toContain(
      "meter=reports; used=40; limit=50; percent=80",
    );

    const grace = await consume(15); // 55 = floor(50 × 1.10): the last one allowed
    expect(grace.status).toBe(200);
    expect(grace.headers.get("Tally-Usage-Warning")).toContain("used=55; limit=50; percent=110");

    const blocked = await consume(1);
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as ErrorBody).error.data).toMatchObject({
      meter: "reports",
      used: 55,
      limit: 55,
      upgradeTo: "pro",
    });
  });
});

describe("membership: plan changes over time", () => {
  it("upgrades at once, and a downgrade waits for the period end", async () => {
    const server = createTestApp(database, membership);
    const user = await server.signUp();
    const caller = await server.callerOf(user);
    expect((await caller.subscription.current()).plan).toMatchObject({ id: "member", level: 1 });

    await caller.subscription.upgrade({ planId: "pro" });
    expect((await caller.subscription.current()).plan.id).toBe("pro");

    await caller.subscription.downgrade({ planId: "member" });
    const scheduled = await caller.subscription.current();
    expect(scheduled.plan.id).toBe("pro");
    expect(scheduled.scheduledChange).toMatchObject({ planId: "member" });
    const periodEnd = new Date(scheduled.currentPeriod.end);

    const { caller: later } = await server.callerWith(
      { cookie: user.cookie },
      new Date(periodEnd.getTime() + 1000),
    );
    const after = await later.subscription.current();
    expect(after.plan.id).toBe("member");
    expect(after.scheduledChange).toBeNull();
  });
});

describe("assistant: an expired trial blocks until an upgrade", () => {
  it("refuses requests after the 7-day trial and accepts them once upgraded", async () => {
    const server = createTestApp(database, assistant);
    const user = await server.signUp();
    const inTrial = await (await server.callerOf(user)).subscription.current();
    expect(inTrial).toMatchObject({ status: "trialing", trialDaysLeft: 7 });

    const afterTrial = new Date(Date.now() + 8 * DAY_MS);
    const { caller } = await server.callerWith({ cookie: user.cookie }, afterTrial);
    await expect(caller.usage.consume({ meter: "requests" })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
    await caller.subscription.upgrade({ planId: "pro" });
    const { caller: upgraded } = await server.callerWith({ cookie: user.cookie }, afterTrial);
    expect((await upgraded.usage.consume({ meter: "requests" })).usage.used).toBe(1);
  });
});
