import { usageCounters, usageEvents } from "@tally/db";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "./support/server-process";

/**
 * Invariant 3 across processes: three `pnpm start` servers on one PostgreSQL database share a hard
 * limit. With the ide catalog's free tier (20 calls a day) at 19 used, 50 concurrent calls spread
 * over the three let exactly one through, and the counter still equals the sum of the events.
 */
describe("a hard limit under concurrency across server processes", () => {
  let database: TestDatabase;
  let servers: RunningServer[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      ...process.env,
      DATABASE_URL: database.url,
      TALLY_CATALOG: "ide",
      TALLY_SEED_DEMO: "false",
      // All three must verify each other's session cookies.
      BETTER_AUTH_SECRET: "concurrency-test-secret-0123456789abcdef",
      LOG_LEVEL: "warn",
    };
    servers = await Promise.all([startServer(env), startServer(env), startServer(env)]);
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await database?.drop();
  });

  function serverAt(index: number): RunningServer {
    const server = servers[index % servers.length];
    if (!server) throw new Error("no servers started");
    return server;
  }

  async function trpc(
    server: RunningServer,
    path: string,
    input: unknown,
    headers: Record<string, string>,
  ) {
    return fetch(`${server.url}/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(input),
    });
  }

  it("lets exactly one of 50 concurrent calls at allowance - 1 through", async () => {
    const signUp = await fetch(`${serverAt(0).url}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        email: "racer@test.tally.dev",
        password: "a long password",
        name: "Racer",
      }),
    });
    expect(signUp.status).toBe(200);
    const cookie = signUp.headers.getSetCookie()[0]?.split(";")[0] ?? "";
    // The session made on one server works on the others: sessions live in the database.
    const created = await trpc(serverAt(1), "accounts.createApiKey", { name: "racer" }, { cookie });
    expect(created.status).toBe(200);
    const { secret } = ((await created.json()) as { result: { data: { secret: string } } }).result
      .data;
    const headers = { authorization: `Bearer ${secret}` };

    for (let call = 0; call < 19; call++) {
      const response = await trpc(serverAt(call), "usage.consume", { meter: "calls" }, headers);
      expect(response.status).toBe(200);
    }

    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        trpc(serverAt(index), "usage.consume", { meter: "calls" }, headers),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 429)).toHaveLength(49);

    // The only account in this fresh database is the racer's.
    const [account] = await database.db
      .select({ accountId: usageCounters.accountId })
      .from(usageCounters)
      .where(eq(usageCounters.meterId, "calls"));
    const accountId = account?.accountId ?? "";
    const [counter] = await database.db
      .select({ used: usageCounters.used })
      .from(usageCounters)
      .where(and(eq(usageCounters.accountId, accountId), eq(usageCounters.meterId, "calls")));
    const [events] = await database.db
      .select({
        sum: sql<number>`coalesce(sum(case when ${usageEvents.kind} = 'usage' then ${usageEvents.quantity} else -${usageEvents.quantity} end), 0)::int`,
      })
      .from(usageEvents)
      .where(and(eq(usageEvents.accountId, accountId), eq(usageEvents.meterId, "calls")));
    expect(counter?.used).toBe(20);
    expect(events?.sum).toBe(20);
  });
});
