import { randomUUID } from "node:crypto";
import { type BenchContext, userOf } from "./support/bench-context";
import { type LoopResult, runClosedLoop } from "./support/closed-loop";
import { trpcClient } from "./support/http-client";

export interface SoakResult {
  seconds: number;
  load: LoopResult;
  /** RSS sampled at even intervals through the soak, in bytes. */
  samples: number[];
  /** Mean of the last quarter of samples minus the mean of the second quarter (after warm-up). */
  growthBytes: number;
}

/**
 * Benchmark 6: the metered load of benchmark 1 held for `soakSeconds` while the server's RSS is
 * sampled; a leak shows as the late samples sitting above the early ones once the heap has warmed.
 */
export async function benchSoak(context: BenchContext): Promise<SoakResult> {
  const { config, server } = context;
  const client = trpcClient(server.url);
  const samples: number[] = [];
  const interval = Math.max(250, (config.soakSeconds * 1000) / 40);
  const sampler = setInterval(() => {
    void server.rssBytes().then((rss) => samples.push(rss));
  }, interval);
  let load: LoopResult;
  try {
    load = await runClosedLoop(config.soakSeconds, config.concurrency, async (worker) => {
      await client.mutation(
        "coach.bookCall",
        {},
        { cookie: userOf(context, worker).cookie, "idempotency-key": randomUUID() },
      );
      return 1;
    });
  } finally {
    clearInterval(sampler);
  }
  const quarter = Math.max(1, Math.floor(samples.length / 4));
  const mean = (values: number[]) =>
    values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
  const early = mean(samples.slice(quarter, 2 * quarter));
  const late = mean(samples.slice(-quarter));
  return { seconds: config.soakSeconds, load, samples, growthBytes: late - early };
}
