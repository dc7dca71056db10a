import { type DatabaseHandle, openDatabase } from "@tally/db/client";
import { startThrowawayPostgres, type ThrowawayPostgres } from "@tally/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUpWithCoachCalls } from "./support/chaos-account";
import { readLedger } from "./support/chaos-ledger";
import { runRetryingLoad } from "./support/chaos-load";
import { type ServerProcess, startServerProcess } from "./support/chaos-server";

const ALLOWANCE = 1_000;
const KEYS = Array.from({ length: 200 }, (_, index) => `chaos-pg-${index}`);
const DOWN_MS = 3_000;

/** What a response body may never show a client: SQL, driver errors, stack frames. */
const INTERNALS = /postgres|econn|sql|select |insert |update |relation|\bat .+:\d+:\d+/i;

/**
 * PostgreSQL (a private throwaway server, never the machine's) crashes in the middle of a metered
 * load and comes back a few seconds later. While it is down, calls must fail cleanly (no SQL or
 * stack in the answer, nothing half-written); afterwards the same server process must serve again
 * by itself, and the retried calls must be counted exactly once.
 */
describe("PostgreSQL restarting in the middle of a metered load", () => {
  let postgres: ThrowawayPostgres;
  let handle: DatabaseHandle;
  let server: ServerProcess;

  beforeAll(async () => {
    // Durable, as production is: the test counts on recovery keeping every acknowledged commit.
    postgres = await startThrowawayPostgres({
      durable: true,
      binDir: process.env.TALLY_TEST_PG_BIN || undefined,
    });
    server = await startServerProcess({
      ...process.env,
      DATABASE_URL: postgres.url,
      TALLY_SEED_DEMO: "false",
      BETTER_AUTH_SECRET: "chaos-postgres-secret-0123456789abcdef",
      LOG_LEVEL: "fatal",
    });
    handle = await openDatabase({ url: postgres.url, max: 2 });
  });

  afterAll(async () => {
    await server?.stop();
    await handle?.close();
    await postgres?.stop();
  });

  it("fails cleanly while it is down and resumes by itself, counting each call once", async () => {
    const { cookie, accountId } = await signUpWithCoachCalls(server.url, handle.db, {
      email: "chaos-pg@test.tally.dev",
      allowance: ALLOWANCE,
    });

    let outage: Promise<void> | undefined;
    const load = await runRetryingLoad({
      baseUrl: () => server.url,
      path: "coach.bookCall",
      headers: { cookie },
      keys: KEYS,
      workers: 4,
      deadlineMs: 100_000,
      retryDelayMs: 200,
      onAcknowledged: (acknowledged) => {
        if (acknowledged < 40 || outage) return;
        outage = (async () => {
          await postgres.crash();
          await new Promise((resolve) => setTimeout(resolve, DOWN_MS));
          await postgres.restart();
        })();
      },
    });
    await outage;

    expect(outage, "PostgreSQL was restarted during the load").toBeDefined();
    const answered = load.failures.filter((failure) => failure.status !== null);
    expect(answered.length, "calls were answered while the database was down").toBeGreaterThan(0);
    for (const failure of answered) {
      expect(failure.status).toBeGreaterThanOrEqual(500);
      expect(failure.body).not.toMatch(INTERNALS);
    }
    // The same process serves again: nothing was restarted but PostgreSQL.
    expect((await fetch(`${server.url}/ready`)).status).toBe(200);

    const counted = [...load.outcomes].filter(([, status]) => status === "counted");
    expect(counted).toHaveLength(KEYS.length);
    const ledger = await readLedger(handle.db, {
      accountId,
      meterId: "coach_calls",
      keyPrefix: "coach.bookCall:",
    });
    expect([...ledger.countedKeys.keys()].sort()).toEqual(counted.map(([key]) => key).sort());
    expect([...ledger.countedKeys.values()].every((rows) => rows === 1)).toBe(true);
    expect(ledger.counterDifferences).toBe(0);
    expect(ledger.counterUsed).toBe(KEYS.length);
  });
});
