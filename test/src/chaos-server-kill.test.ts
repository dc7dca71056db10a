import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUpWithCoachCalls } from "./support/chaos-account";
import { readLedger } from "./support/chaos-ledger";
import { runRetryingLoad } from "./support/chaos-load";
import { type ServerProcess, startServerProcess } from "./support/chaos-server";

const ALLOWANCE = 150;
const KEYS = Array.from({ length: 240 }, (_, index) => `chaos-kill-${index}`);

/**
 * A server process SIGKILLed in the middle of a metered load (no shutdown hook runs, requests in
 * flight are cut), then started again on the same database and port, while the client retries
 * every unanswered call with its idempotency key. Afterwards the ledger must hold exactly the
 * acknowledged calls, once each, the counter must equal the events, and the limit must hold.
 */
describe("a server killed in the middle of a metered load", () => {
  let database: TestDatabase;
  let server: ServerProcess | undefined;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    database = await createTestDatabase();
    env = {
      ...process.env,
      DATABASE_URL: database.url,
      TALLY_SEED_DEMO: "false",
      BETTER_AUTH_SECRET: "chaos-kill-secret-0123456789abcdef0123",
      LOG_LEVEL: "warn",
    };
    server = await startServerProcess(env);
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("keeps exactly the acknowledged calls, once each, within the limit", async () => {
    const first = server;
    if (!first) throw new Error("the server did not start");
    const { port, url } = first;
    const { cookie, accountId } = await signUpWithCoachCalls(url, database.db, {
      email: "chaos-kill@test.tally.dev",
      allowance: ALLOWANCE,
    });

    let restarted: Promise<void> | undefined;
    const load = await runRetryingLoad({
      baseUrl: () => url,
      path: "coach.bookCall",
      headers: { cookie },
      keys: KEYS,
      workers: 6,
      deadlineMs: 100_000,
      onAcknowledged: (acknowledged) => {
        if (acknowledged < 60 || restarted) return;
        restarted = first.kill("SIGKILL").then(async () => {
          server = await startServerProcess(env, { port });
        });
      },
    });
    await restarted;

    expect(restarted, "the server was killed during the load").toBeDefined();
    // Calls were cut or refused while the process was gone, and every one was retried.
    expect(load.failures.length).toBeGreaterThan(0);
    const counted = [...load.outcomes].filter(([, status]) => status === "counted");
    const refused = [...load.outcomes].filter(([, status]) => status === "refused");
    expect(counted.length + refused.length).toBe(KEYS.length);

    const ledger = await readLedger(database.db, {
      accountId,
      meterId: "coach_calls",
      keyPrefix: "coach.bookCall:",
    });
    // Every acknowledged call is in the ledger exactly once, and nothing else is.
    expect([...ledger.countedKeys.keys()].sort()).toEqual(counted.map(([key]) => key).sort());
    expect([...ledger.countedKeys.values()].every((rows) => rows === 1)).toBe(true);
    expect(ledger.released).toBe(0);
    // The counter equals the events, and the limit was reached but never passed.
    expect(ledger.counterDifferences).toBe(0);
    expect(ledger.counterUsed).toBe(counted.length);
    expect(ledger.counterUsed).toBe(ALLOWANCE);
  });
});
