import { randomUUID } from "node:crypto";
import { startBaselineServer } from "./support/baseline-server-process";
import { type BenchContext, userOf } from "./support/bench-context";
import { runClosedLoop } from "./support/closed-loop";
import { type CostedResult, withCpuCost } from "./support/cpu-cost";
import { trpcClient } from "./support/http-client";

export interface MeteredOverheadResult {
  bareInsert: CostedResult;
  /** A bare `node:http` server answering at once: the most any HTTP endpoint reaches here. */
  nodeHttpFixed: CostedResult;
  /** The same server running the bare INSERT per request and answering once it committed. */
  nodeHttpInsert: CostedResult;
  metered: CostedResult;
  meteredHotAccount: CostedResult;
  unmetered: CostedResult;
  /** Server RSS sampled every 250 ms during the metered run. */
  peakRssBytes: number;
  /** The baseline server's RSS sampled the same way during its two runs. */
  nodeHttpPeakRssBytes: number;
}

/** Runs `run` while sampling `rssBytes` every 250 ms, and returns its result and the peak seen. */
async function withPeakRss<T>(
  rssBytes: () => Promise<number>,
  run: () => Promise<T>,
): Promise<{ result: T; peakRssBytes: number }> {
  let peakRssBytes = 0;
  const sampler = setInterval(() => {
    void rssBytes().then((rss) => {
      peakRssBytes = Math.max(peakRssBytes, rss);
    });
  }, 250);
  try {
    return { result: await run(), peakRssBytes };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * Benchmark 1: a metered procedure over HTTP (session cookie, membership, entitlement, the guarded
 * counter, the event and the alert check) against an authenticated unmetered one and against the
 * floor, a durable single-row INSERT from postgres.js, all at the same concurrency. Between them,
 * a bare `node:http` server driven by the same client shows what HTTP itself costs here: answering
 * at once, and running that same INSERT per request.
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

  const baseline = await startBaselineServer(context.database.url, config.concurrency);
  let nodeHttp: { result: { fixed: CostedResult; insert: CostedResult }; peakRssBytes: number };
  try {
    const baselineClient = trpcClient(baseline.url);
    // Both routes read the same body; only the second writes.
    const baselineRun = (path: string) =>
      withCpuCost(
        context,
        () =>
          runClosedLoop(config.seconds, config.concurrency, async (worker) => {
            await baselineClient.mutation(path, { accountId: userOf(context, worker).accountId });
            return 1;
          }),
        baseline,
      );
    nodeHttp = await withPeakRss(baseline.rssBytes, async () => ({
      fixed: await baselineRun("baseline.fixed"),
      insert: await baselineRun("baseline.insert"),
    }));
  } finally {
    await baseline.stop();
  }

  const bookCall = (cookie: string) =>
    client.mutation("coach.bookCall", {}, { cookie, "idempotency-key": randomUUID() });

  const { result: metered, peakRssBytes } = await withPeakRss(server.rssBytes, () =>
    withCpuCost(context, () =>
      runClosedLoop(config.seconds, config.concurrency, async (worker) => {
        await bookCall(userOf(context, worker).cookie);
        return 1;
      }),
    ),
  );

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

  return {
    bareInsert,
    nodeHttpFixed: nodeHttp.result.fixed,
    nodeHttpInsert: nodeHttp.result.insert,
    metered,
    meteredHotAccount,
    unmetered,
    peakRssBytes,
    nodeHttpPeakRssBytes: nodeHttp.peakRssBytes,
  };
}
