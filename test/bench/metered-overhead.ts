import { randomUUID } from "node:crypto";
import { type BenchContext, userOf } from "./support/bench-context";
import { runClosedLoop } from "./support/closed-loop";
import { type CostedResult, withCpuCost } from "./support/cpu-cost";
import { trpcClient } from "./support/http-client";

export interface MeteredOverheadResult {
  bareInsert: CostedResult;
  metered: CostedResult;
  meteredHotAccount: CostedResult;
  unmetered: CostedResult;
  /** Server RSS sampled every 250 ms during the metered run. */
  peakRssBytes: number;
}

/**
 * Benchmark 1: a metered procedure over HTTP (session cookie, membership, entitlement, the guarded
 * counter, the event and the alert check) against an authenticated unmetered one and against the
 * floor, a durable single-row INSERT from postgres.js, all at the same concurrency.
 */
export async function benchMeteredOverhead(context: BenchContext): Promise<MeteredOverheadResult> {
  const { sql, config, server } = context;
  const client = trpcClient(server.url);

  await sql`create table bench_inserts (
    id bigint generated always as identity primary key,
    account_id uuid not null,
    quantity bigint not null,
    recorded_at timestamptz not null default now())`;
  const bareInsert = await withCpuCost(context, () =>
    runClosedLoop(config.seconds, config.concurrency, async (worker) => {
      await sql`insert into bench_inserts (account_id, quantity)
        values (${userOf(context, worker).accountId}, 1)`;
      return 1;
    }),
  );

  const bookCall = (cookie: string) =>
    client.mutation("coach.bookCall", {}, { cookie, "idempotency-key": randomUUID() });

  let peakRssBytes = 0;
  const sampler = setInterval(() => {
    void server.rssBytes().then((rss) => {
      peakRssBytes = Math.max(peakRssBytes, rss);
    });
  }, 250);
  let metered: CostedResult;
  try {
    metered = await withCpuCost(context, () =>
      runClosedLoop(config.seconds, config.concurrency, async (worker) => {
        await bookCall(userOf(context, worker).cookie);
        return 1;
      }),
    );
  } finally {
    clearInterval(sampler);
  }

  const hot = userOf(context, 0);
  const meteredHotAccount = await withCpuCost(context, () =>
    runClosedLoop(config.seconds, config.concurrency, async () => {
      await bookCall(hot.cookie);
      return 1;
    }),
  );

  const unmetered = await withCpuCost(context, () =>
    runClosedLoop(config.seconds, config.concurrency, async (worker) => {
      await client.query("usage.quota", undefined, { cookie: userOf(context, worker).cookie });
      return 1;
    }),
  );

  return { bareInsert, metered, meteredHotAccount, unmetered, peakRssBytes };
}
