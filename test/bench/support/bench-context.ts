import { setLimitOverride } from "@tally/metering";
import { coaching } from "@tally/tier-config";
import postgres from "postgres";
import { type ServerProcess, startServerProcess } from "../../src/support/chaos-server";
import { type BenchDatabase, createBenchDatabase } from "./bench-database";
import { type SignedInUser, signUp, trpcClient } from "./http-client";

export interface BenchConfig {
  adminUrl: string;
  /** Seconds each timed measurement runs. */
  seconds: number;
  /** Closed-loop clients in every throughput measurement. */
  concurrency: number;
  /** Seconds of metered load for the memory soak. */
  soakSeconds: number;
}

export interface BenchUser extends SignedInUser {
  accountId: string;
  /** An API key of this user's account, for the service paths. */
  apiKey: string;
}

/** One database, one server process, and one signed-in user per client, shared by every run. */
export interface BenchContext {
  config: BenchConfig;
  database: BenchDatabase;
  /** A raw postgres.js pool of `concurrency` connections on the bench database. */
  sql: postgres.Sql;
  server: ServerProcess;
  users: BenchUser[];
  /** An API key of the first user's account, for the service paths. */
  apiKey: string;
}

/** Allowance given to the benchmark accounts, so no limit ever blocks a timed run. */
export const NEVER_BLOCKING_ALLOWANCE = 1_000_000_000_000;

export async function openBenchContext(config: BenchConfig): Promise<BenchContext> {
  const database = await createBenchDatabase(config.adminUrl);
  const sql = postgres(database.url, { max: config.concurrency, onnotice: () => {} });
  let server: ServerProcess | undefined;
  try {
    server = await startServerProcess({
      ...process.env,
      DATABASE_URL: database.url,
      TALLY_SEED_DEMO: "false",
      LOG_LEVEL: "warn",
      BETTER_AUTH_SECRET: "benchmark-secret-benchmark-secret-0123456789",
      // Lets a profiling run reach only the server (e.g. `--cpu-prof`), not this process.
      NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS ?? process.env.NODE_OPTIONS,
    });
    const users: BenchUser[] = [];
    for (let index = 0; index < config.concurrency; index++) {
      const user = await signUp(server.url, `bench-${index}@bench.tally.dev`);
      const [member] = await sql<{ accountId: string }[]>`
        select account_id as "accountId" from account_members where user_id = ${user.userId}`;
      if (member === undefined) throw new Error(`sign-up of ${user.email} created no account`);
      // Coach calls are a hard-limited meter (block); a huge override keeps the guard in every
      // write while never refusing during a run.
      await setLimitOverride(database.handle.db, coaching, {
        accountId: member.accountId,
        meterId: "coach_calls",
        allowance: NEVER_BLOCKING_ALLOWANCE,
        reason: "benchmark",
        actor: { userId: null, isAdmin: true },
      });
      const created = (await trpcClient(server.url).mutation(
        "accounts.createApiKey",
        { name: "benchmark" },
        { cookie: user.cookie },
      )) as { secret: string };
      users.push({ ...user, accountId: member.accountId, apiKey: created.secret });
    }
    const first = users[0];
    if (first === undefined) throw new Error("the benchmark needs at least one client");
    return { config, database, sql, server, users, apiKey: first.apiKey };
  } catch (error) {
    await server?.stop();
    await sql.end();
    await database.drop();
    throw error;
  }
}

export async function closeBenchContext(context: BenchContext): Promise<void> {
  await context.server.stop();
  await context.sql.end();
  await context.database.drop();
}

/** The user a worker acts as: its own, so each client is its own tenant. */
export function userOf(context: BenchContext, worker: number): BenchUser {
  const user = context.users[worker % context.users.length];
  if (user === undefined) throw new Error("no benchmark users");
  return user;
}
