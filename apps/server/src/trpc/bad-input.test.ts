import { sessions, usageCounters, usageEvents } from "@tally/db";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../app";
import { createTestApp, type TestApp, type TestUser } from "../testing/test-app";

let database: TestDatabase;
let server: TestApp;
let user: TestUser;
let apiKey: string;

beforeAll(async () => {
  database = await createTestDatabase();
  server = createTestApp(database);
  user = await server.signUp();
  apiKey = (await (await server.callerOf(user)).accounts.createApiKey({ name: "service" })).secret;
});

afterAll(() => database.drop());

/** Rows of the ledger: bad input must leave both exactly as they were. */
async function ledger() {
  const [row] = await database.db
    .select({
      events: sql<number>`(select count(*)::int from ${usageEvents})`,
      counted: sql<number>`(select coalesce(sum(${usageCounters.used}), 0)::int from ${usageCounters})`,
    })
    .from(sql`(select 1) as one`);
  return row;
}

interface ErrorBody {
  error: {
    message: string;
    code: number;
    data: { code: string; httpStatus: number } & Record<string, unknown>;
  };
}

async function expectError(response: Response, status: number, code: string, message: RegExp) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  const body = JSON.parse(text) as ErrorBody;
  expect(body.error.data.code).toBe(code);
  expect(body.error.message).toMatch(message);
  expect(text).not.toMatch(/"stack"|at async|node_modules/);
  return body;
}

describe("bad input answers a clear error and writes nothing", () => {
  it.each([
    ["negative", -5, /at least 1/],
    ["zero", 0, /at least 1/],
    ["fractional", 1.5, /whole number/],
    ["NaN (null on the wire)", Number.NaN, /must be a number/],
    ["enormous", 1e18, /at most 1000000000/],
    ["non-numeric", "10", /must be a number/],
    ["infinite (null on the wire)", Number.POSITIVE_INFINITY, /must be a number/],
  ])("a %s quantity", async (_name, quantity, message) => {
    const before = await ledger();
    const response = await server.http("usage.record", {
      input: { meter: "ai_voice_seconds", quantity, idempotencyKey: "bad-1" },
      headers: { authorization: `Bearer ${apiKey}` },
    });
    await expectError(response, 400, "BAD_REQUEST", message);
    expect(await ledger()).toEqual(before);
  });

  it("a NaN quantity from an in-process caller", async () => {
    const before = await ledger();
    const caller = await server.callerOf(user);
    await expect(
      caller.usage.consume({ meter: "ai_voice_seconds", quantity: Number.NaN }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await ledger()).toEqual(before);
  });

  it("an unknown meter", async () => {
    const before = await ledger();
    const response = await server.http("usage.consume", {
      input: { meter: "nutriton_minutes", quantity: 1 },
      headers: { cookie: user.cookie },
    });
    const body = await expectError(
      response,
      400,
      "BAD_REQUEST",
      /Unknown meter "nutriton_minutes"/,
    );
    expect(body.error.data).toMatchObject({ reason: "unknown_meter", meter: "nutriton_minutes" });
    expect(await ledger()).toEqual(before);
  });

  it("an unknown module", async () => {
    const response = await server.http("modules.open", {
      query: true,
      input: { moduleId: "nutriton" },
      headers: { cookie: user.cookie },
    });
    const body = await expectError(response, 400, "BAD_REQUEST", /Unknown module "nutriton"/);
    expect(body.error.data).toMatchObject({ reason: "unknown_module", module: "nutriton" });
  });

  it("a locked module names the cheapest plan that unlocks it", async () => {
    const response = await server.http("modules.open", {
      query: true,
      input: { moduleId: "sleep-coaching" },
      headers: { cookie: user.cookie },
    });
    const body = await expectError(response, 403, "FORBIDDEN", /Lifestyle plan/);
    expect(body.error.data).toMatchObject({ module: "sleep-coaching", requiredPlan: "lifestyle" });
  });

  it("an oversized body", async () => {
    const before = await ledger();
    const response = await server.http("usage.record", {
      body: JSON.stringify({
        meter: "ai_voice_seconds",
        quantity: 1,
        idempotencyKey: "x".repeat(MAX_BODY_BYTES),
      }),
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      error: {
        code: "PAYLOAD_TOO_LARGE",
        message: expect.stringContaining("Request body too large"),
      },
    });
    expect(await ledger()).toEqual(before);
  });

  it("malformed JSON", async () => {
    const before = await ledger();
    const response = await server.http("usage.record", {
      body: '{"meter": "ai_voice_seconds", "quantity": ',
      headers: { authorization: `Bearer ${apiKey}` },
    });
    await expectError(response, 400, "BAD_REQUEST", /^The request body is not valid JSON$/);
    expect(await ledger()).toEqual(before);
  });

  it("an expired session", async () => {
    const other = await server.signUp();
    await database.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(sessions.userId, other.userId));
    const before = await ledger();
    const response = await server.http("coach.bookCall", {
      input: {},
      headers: { cookie: other.cookie },
    });
    await expectError(response, 401, "UNAUTHORIZED", /session has expired or is invalid/);
    expect(await ledger()).toEqual(before);
  });

  it("a forged session cookie", async () => {
    const forged = user.cookie.replace(/=([^.]*)\./, "=forged-token-value.");
    const response = await server.http("usage.summary", {
      query: true,
      headers: { cookie: forged },
    });
    await expectError(response, 401, "UNAUTHORIZED", /session has expired or is invalid/);
  });

  it("no credentials at all", async () => {
    const response = await server.http("usage.summary", { query: true });
    await expectError(response, 401, "UNAUTHORIZED", /Sign in, or send an API key/);
  });

  it("a revoked API key", async () => {
    const caller = await server.callerOf(user);
    const key = await caller.accounts.createApiKey({ name: "to revoke" });
    await caller.accounts.revokeApiKey({ id: key.id });
    const before = await ledger();
    const response = await server.http("usage.record", {
      input: { meter: "ai_voice_seconds", quantity: 1, idempotencyKey: "revoked-1" },
      headers: { authorization: `Bearer ${key.secret}` },
    });
    await expectError(response, 401, "UNAUTHORIZED", /This API key was revoked at \d{4}-/);
    expect(await ledger()).toEqual(before);
  });

  it("an API key that was never issued, and a malformed Authorization header", async () => {
    const unknown = await server.http("usage.summary", {
      query: true,
      headers: { authorization: `Bearer tly_${"A".repeat(40)}` },
    });
    await expectError(unknown, 401, "UNAUTHORIZED", /Unknown API key/);
    const malformed = await server.http("usage.summary", {
      query: true,
      headers: { authorization: "Basic dXNlcjpwYXNz" },
    });
    await expectError(malformed, 401, "UNAUTHORIZED", /Bearer tly_/);
  });

  it("an API key on a procedure for people", async () => {
    const response = await server.http("accounts.list", {
      query: true,
      headers: { authorization: `Bearer ${apiKey}` },
    });
    await expectError(response, 401, "UNAUTHORIZED", /signed-in user, not an API key/);
  });
});
