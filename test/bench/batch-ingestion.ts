import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type BenchContext, userOf } from "./support/bench-context";
import { runClosedLoop } from "./support/closed-loop";
import { type CostedResult, withCpuCost } from "./support/cpu-cost";
import { trpcClient } from "./support/http-client";

export interface BatchIngestionResult {
  batchSize: number;
  /** Each client reports for its own account with its own API key. */
  api: CostedResult;
  /** Every client reports for the same account: its batches take the same counter in turn. */
  apiOneAccount: CostedResult;
  /** Rows per second of one COPY stream of the same rows into `usage_events`. */
  copy: { rows: number; seconds: number; rate: number };
}

/** The most `usage.recordBatch` takes (MAX_BATCH_EVENTS): the set-based write pays per batch. */
const BATCH_SIZE = 1000;
const METER = "ai_voice_seconds";

/**
 * Benchmark 4: measured events through `usage.recordBatch` with API keys, 1,000 per request, each
 * with its own idempotency key, beside a raw COPY of the same rows into the same table for the
 * same time: once with every client on its own account (as many services of many tenants report),
 * once with all of them on one account, whose batches queue for the same counter row.
 */
export async function benchBatchIngestion(context: BenchContext): Promise<BatchIngestionResult> {
  const { config, server, sql } = context;
  const client = trpcClient(server.url);
  const run = (label: string, apiKeyOf: (worker: number) => string) =>
    withCpuCost(context, () =>
      runClosedLoop(config.seconds, config.concurrency, async (worker, iteration) => {
        const events = Array.from({ length: BATCH_SIZE }, (_, index) => ({
          meter: METER,
          quantity: 1,
          idempotencyKey: `bench-batch-${label}-${worker}-${iteration}-${index}`,
        }));
        const headers = { authorization: `Bearer ${apiKeyOf(worker)}` };
        const { results } = (await client.mutation("usage.recordBatch", { events }, headers)) as {
          results: { ok: boolean }[];
        };
        if (results.some((result) => !result.ok)) throw new Error("an event in a batch failed");
        return results.length;
      }),
    );
  const api = await run("own", (worker) => userOf(context, worker).apiKey);
  const apiOneAccount = await run("shared", () => userOf(context, 0).apiKey);

  const { accountId } = userOf(context, 0);
  const [period] = await sql<{ periodStart: Date }[]>`
    select period_start as "periodStart" from usage_events
    where account_id = ${accountId} and meter_id = ${METER} limit 1`;
  const periodStart = (period?.periodStart ?? new Date()).toISOString();
  const copyStarted = performance.now();
  const deadline = copyStarted + config.seconds * 1000;
  let rows = 0;
  async function* copyRows() {
    const recordedAt = new Date().toISOString();
    while (performance.now() < deadline) {
      let chunk = "";
      for (let index = 0; index < 1000; index++) {
        rows++;
        chunk += `${accountId}\t${METER}\tusage\t1\t${periodStart}\tbench-copy-${rows}\tusage.recordBatch\t${recordedAt}\t${recordedAt}\n`;
      }
      yield chunk;
    }
  }
  const writable = await sql`copy usage_events
    (account_id, meter_id, kind, quantity, period_start, idempotency_key, procedure, occurred_at,
     recorded_at) from stdin`.writable();
  await pipeline(Readable.from(copyRows()), writable);
  const copySeconds = (performance.now() - copyStarted) / 1000;
  return {
    batchSize: BATCH_SIZE,
    api,
    apiOneAccount,
    copy: { rows, seconds: copySeconds, rate: rows / copySeconds },
  };
}
