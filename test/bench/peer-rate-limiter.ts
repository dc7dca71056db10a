import { randomUUID } from "node:crypto";
import { recordUsage } from "@tally/metering";
import { coaching } from "@tally/tier-config";
import type postgres from "postgres";
import { RateLimiterPostgres } from "rate-limiter-flexible";
import { type BenchContext, NEVER_BLOCKING_ALLOWANCE, userOf } from "./support/bench-context";
import { runClosedLoop } from "./support/closed-loop";
import { type CostedResult, withCpuCost } from "./support/cpu-cost";

export interface PeerResult {
  peer: CostedResult;
  tally: CostedResult;
}

/**
 * rate-limiter-flexible's PostgreSQL store calls `client.query({ name, text, values })` and reads
 * `result.rows`, the node-postgres interface. `pg` is not a dependency of this workspace, so this
 * adapter gives it the same interface over the postgres.js pool every other run uses (it runs
 * the limiter's own SQL unchanged, one upsert per consume).
 */
function pgCompatible(sql: postgres.Sql) {
  return {
    query: async ({ text, values }: { text: string; values?: unknown[] }) => ({
      rows: await sql.unsafe(text, (values ?? []) as postgres.ParameterOrJSON<never>[]),
    }),
  };
}

const MONTH_SECONDS = 31 * 24 * 60 * 60;

/**
 * Benchmark 3: the same quota job (one unit per call against a monthly limit) by
 * rate-limiter-flexible's RateLimiterPostgres (a points counter per key, no record of the calls)
 * and by Tally's engine (`recordUsage`: the account state, the guarded counter, an event row with
 * its idempotency key and decision, and the alert check, in one transaction).
 */
export async function benchPeer(context: BenchContext): Promise<PeerResult> {
  const { sql, config, database } = context;
  const limiter = await new Promise<RateLimiterPostgres>((resolve, reject) => {
    const created: RateLimiterPostgres = new RateLimiterPostgres(
      {
        storeClient: pgCompatible(sql),
        storeType: "client",
        tableName: "bench_rate_limits",
        points: NEVER_BLOCKING_ALLOWANCE,
        duration: MONTH_SECONDS,
        clearExpiredByTimeout: false,
      },
      (error?: Error) => (error ? reject(error) : resolve(created)),
    );
  });
  const peer = await withCpuCost(
    context,
    () =>
      runClosedLoop(config.seconds, config.concurrency, async (worker) => {
        await limiter.consume(`account:${userOf(context, worker).accountId}`, 1);
        return 1;
      }),
    "in-process",
  );

  const deps = { db: database.handle.db, catalog: coaching };
  const tally = await withCpuCost(
    context,
    () =>
      runClosedLoop(config.seconds, config.concurrency, async (worker) => {
        const result = await recordUsage(deps, {
          accountId: userOf(context, worker).accountId,
          meterId: "coach_calls",
          quantity: 1,
          idempotencyKey: `bench-peer:${randomUUID()}`,
          now: new Date(),
          procedure: "bench.peer",
        });
        if (result.outcome === "block") throw new Error("a benchmark call was blocked");
        return 1;
      }),
    "in-process",
  );
  return { peer, tally };
}
