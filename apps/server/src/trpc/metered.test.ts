import { usageCounters, usageEvents } from "@tally/db";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { setLimitOverride } from "@tally/metering";
import { coaching } from "@tally/tier-config";
import { TRPCError } from "@trpc/server";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestApp, type TestApp, type TestUser } from "../testing/test-app";
import { accountProcedure, createCallerFactory, router } from "./init";
import { metered } from "./middleware/metered";

let database: TestDatabase;
let server: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  server = createTestApp(database);
});

afterAll(() => database.drop());

async function usedOf(accountId: string, meterId: string): Promise<number> {
  const [row] = await database.db
    .select({ used: sql<number>`coalesce(sum(${usageCounters.used}), 0)::int` })
    .from(usageCounters)
    .where(and(eq(usageCounters.accountId, accountId), eq(usageCounters.meterId, meterId)));
  return row?.used ?? 0;
}

async function eventsOf(accountId: string): Promise<number> {
  const [row] = await database.db
    .select({ events: sql<number>`count(*)::int` })
    .from(usageEvents)
    .where(eq(usageEvents.accountId, accountId));
  return row?.events ?? 0;
}

/** A free account with five coach calls per period as a hard limit (through an override). */
async function userWithCalls(allowance: number): Promise<TestUser> {
  const user = await server.signUp();
  await setLimitOverride(database.db, coaching, {
    accountId: user.accountId,
    meterId: "coach_calls",
    allowance,
    reason: "test",
    actor: { userId: null, isAdmin: false },
  });
  return user;
}

describe("metered procedures", () => {
  it("counts a call, and answers a warning at 80% in the body and the Tally-Usage-Warning header", async () => {
    const user = await userWithCalls(5);
    for (let call = 1; call <= 3; call++) {
      const response = await server.http("coach.bookCall", {
        input: {},
        headers: { cookie: user.cookie },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("Tally-Usage-Warning")).toBeNull();
    }
    const fourth = await server.http("coach.bookCall", {
      input: {},
      headers: { cookie: user.cookie },
    });
    expect(fourth.status).toBe(200);
    expect(fourth.headers.get("Tally-Usage-Warning")).toMatch(
      /^meter=coach_calls; used=4; limit=5; percent=80; resets-at=\d{4}-/,
    );
    const body = (await fourth.json()) as { result: { data: { usage: unknown } } };
    expect(body.result.data.usage).toMatchObject({
      meter: "coach_calls",
      decision: "warn",
      used: 4,
      limit: 5,
      remaining: 1,
      percent: 80,
    });
    expect(await usedOf(user.accountId, "coach_calls")).toBe(4);
  });

  it("refuses past the limit with 429 and the meter, usage, reset time and upgrade hint", async () => {
    const user = await server.signUp(); // Free has no coach calls at all.
    const before = await eventsOf(user.accountId);
    const response = await server.http("coach.bookCall", {
      input: {},
      headers: { cookie: user.cookie },
    });
    expect(response.status).toBe(429);
    const body = (await response.json()) as {
      error: { message: string; data: Record<string, unknown> };
    };
    expect(body.error.data).toMatchObject({
      code: "TOO_MANY_REQUESTS",
      meter: "coach_calls",
      used: 0,
      limit: 0,
      upgradeTo: "growth",
    });
    expect(body.error.data.resetsAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    expect(JSON.stringify(body)).not.toMatch(/stack|select|insert/i);
    expect(await eventsOf(user.accountId)).toBe(before);
  });

  it("logs every limit decision as one structured line", async () => {
    const user = await userWithCalls(2);
    await (await server.callerOf(user)).coach.bookCall({});
    const line = server.logs.findLast(
      (entry) => entry.msg === "limit decision" && entry.account === user.accountId,
    );
    expect(line).toMatchObject({
      account: user.accountId,
      plan: "free",
      meter: "coach_calls",
      decision: "allow",
      used: 1,
      limit: 2,
      ratio: 0.5,
    });
  });

  it("counts a retried request with the same Idempotency-Key once and answers the first result", async () => {
    const user = await userWithCalls(5);
    const headers = { cookie: user.cookie, "Idempotency-Key": "booking-42" };
    const first = await (await server.callerOf(user, headers)).coach.bookCall({});
    const retry = await (await server.callerOf(user, headers)).coach.bookCall({});
    expect(retry.bookingId).toBe(first.bookingId);
    expect(retry.usage).toMatchObject({ used: 1, replay: true });
    expect(first.usage).toMatchObject({ used: 1, replay: false });
    expect(await usedOf(user.accountId, "coach_calls")).toBe(1);
    expect(await eventsOf(user.accountId)).toBe(1);
  });

  it("refuses the same key with a different quantity as a conflict", async () => {
    const user = await server.signUp();
    const { caller } = await server.callerWith({ cookie: user.cookie });
    await caller.usage.record({
      meter: "ai_voice_seconds",
      quantity: 30,
      idempotencyKey: "call-1",
    });
    await expect(
      caller.usage.record({ meter: "ai_voice_seconds", quantity: 31, idempotencyKey: "call-1" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await usedOf(user.accountId, "ai_voice_seconds")).toBe(30);
  });

  it("records a batch once per event key, answering each event on its own", async () => {
    const user = await server.signUp();
    const { caller } = await server.callerWith({ cookie: user.cookie });
    const events = [
      { meter: "ai_voice_seconds", quantity: 60, idempotencyKey: "call-a" },
      { meter: "ai_voice_seconds", quantity: 90, idempotencyKey: "call-b" },
    ];
    const first = await caller.usage.recordBatch({ events });
    expect(first.results.map((result) => result.ok)).toEqual([true, true]);
    const retried = await caller.usage.recordBatch({
      events: [...events, { meter: "ai_voice_seconds", quantity: 5, idempotencyKey: "call-a" }],
    });
    expect(
      retried.results.map((result) => (result.ok ? result.usage.replay : result.error.reason)),
    ).toEqual([true, true, "idempotency_conflict"]);
    expect(await usedOf(user.accountId, "ai_voice_seconds")).toBe(150);
    await expect(
      caller.usage.recordBatch({
        events: [
          { meter: "ai_voice_seconds", quantity: 1, idempotencyKey: "call-c" },
          { meter: "nope", quantity: 1, idempotencyKey: "call-d" },
        ],
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await usedOf(user.accountId, "ai_voice_seconds")).toBe(150);
  });

  it("gives the reservation back when the handler throws, and rethrows its error", async () => {
    const user = await userWithCalls(5);
    const failing = router({
      book: accountProcedure
        .input(z.object({}))
        .use(metered({ meter: "coach_calls", quantity: () => 1 }))
        .mutation(() => {
          throw new TRPCError({ code: "PRECONDITION_FAILED", message: "the coach is away" });
        }),
    });
    const { caller: appCaller } = await server.callerWith({ cookie: user.cookie });
    await appCaller.coach.bookCall({});
    const ctx = await server.contextWith({ cookie: user.cookie });
    await expect(createCallerFactory(failing)(ctx).book({})).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "the coach is away",
    });
    expect(await usedOf(user.accountId, "coach_calls")).toBe(1);

    // Retrying the failed call with its key must not run the handler uncounted.
    const keyed = await server.contextWith({ cookie: user.cookie, "Idempotency-Key": "failing-1" });
    await expect(createCallerFactory(failing)(keyed).book({})).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    const retry = await server.contextWith({ cookie: user.cookie, "Idempotency-Key": "failing-1" });
    await expect(createCallerFactory(failing)(retry).book({})).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("failed and was released"),
    });
    expect(await usedOf(user.accountId, "coach_calls")).toBe(1);
  });

  it("fails the request when the usage cannot be recorded, and runs nothing uncounted", async () => {
    const user = await userWithCalls(5);
    // A real constraint the engine's insert violates: no usage event may be written for now.
    await database.db.execute(
      sql.raw(
        `alter table usage_events add constraint test_no_usage check (kind <> 'usage' or account_id <> '${user.accountId}')`,
      ),
    );
    try {
      const response = await server.http("coach.bookCall", {
        input: {},
        headers: { cookie: user.cookie },
      });
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(text).toContain("Internal server error");
      expect(text).not.toMatch(/test_no_usage|constraint|usage_events/);
      expect(await usedOf(user.accountId, "coach_calls")).toBe(0);
    } finally {
      await database.db.execute(sql.raw("alter table usage_events drop constraint test_no_usage"));
    }
  });
});
