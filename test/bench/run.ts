import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { benchBatchIngestion } from "./batch-ingestion";
import { benchFlatChecks } from "./flat-checks";
import { benchSoak } from "./memory-soak";
import { benchMeteredOverhead } from "./metered-overhead";
import { benchPeer } from "./peer-rate-limiter";
import { benchPeriodClose } from "./period-close";
import {
  type BenchConfig,
  type BenchContext,
  closeBenchContext,
  openBenchContext,
} from "./support/bench-context";
import type { CostedResult } from "./support/cpu-cost";
import { type ReportInput, renderReport } from "./support/render-report";

/**
 * `pnpm bench`: every benchmark against one PostgreSQL, at one concurrency, in one run, then
 * BENCHMARKS.md at the repository root. Configuration (all optional):
 * DATABASE_URL, BENCH_SECONDS (each timed run, default 10), BENCH_CONCURRENCY (default 10),
 * BENCH_SOAK_SECONDS (default 600, the 10-minute soak), BENCH_FLAT_SIZES (default 1000,1000000),
 * BENCH_OUTPUT (default BENCHMARKS.md at the root), BENCH_RENDER_FROM (render the report again from
 * a run's kept measurements instead of measuring), BENCH_ONLY (e.g. "1,4": run only those
 * benchmarks, print their figures and leave the report alone), BENCH_SERVER_NODE_OPTIONS
 * (NODE_OPTIONS for the server only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 */
const config: BenchConfig = {
  adminUrl: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  seconds: positiveNumber("BENCH_SECONDS", 10),
  concurrency: positiveNumber("BENCH_CONCURRENCY", 10),
  soakSeconds: positiveNumber("BENCH_SOAK_SECONDS", 600),
};
// Ascending: the report compares the first (smallest) size with the last (largest).
const flatSizes = (process.env.BENCH_FLAT_SIZES ?? "1000,1000000")
  .split(",")
  .map((size) => Number(size.trim()))
  .sort((a, b) => a - b);
if (flatSizes.some((size) => !Number.isSafeInteger(size) || size < 1)) {
  throw new Error(
    `BENCH_FLAT_SIZES must be positive integers, got "${process.env.BENCH_FLAT_SIZES}"`,
  );
}
const closeAccounts = positiveNumber("BENCH_CLOSE_ACCOUNTS", 10_000);
if (!Number.isSafeInteger(closeAccounts)) {
  throw new Error(`BENCH_CLOSE_ACCOUNTS must be a whole number, got "${closeAccounts}"`);
}
const only = process.env.BENCH_ONLY
  ? new Set(process.env.BENCH_ONLY.split(",").map((item) => item.trim()))
  : null;
if (only !== null && [...only].some((item) => !/^[1-6]$/.test(item))) {
  throw new Error(`BENCH_ONLY must list benchmark numbers 1 to 6, got "${process.env.BENCH_ONLY}"`);
}
const wanted = (benchmark: number) => only === null || only.has(String(benchmark));
const output =
  process.env.BENCH_OUTPUT ?? fileURLToPath(new URL("../../BENCHMARKS.md", import.meta.url));

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  }
  return value;
}

function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

async function machine() {
  const admin = postgres(config.adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin<{ version: string; syncCommit: string; fsync: string }[]>`
      select version() as version, current_setting('synchronous_commit') as "syncCommit",
             current_setting('fsync') as fsync`;
    return {
      nproc: execFileSync("nproc").toString().trim(),
      cpu: cpus()[0]?.model ?? "unknown",
      node: process.version,
      postgres: row?.version.split(" on ")[0] ?? "unknown",
      durability: `fsync=${row?.fsync}, synchronous_commit=${row?.syncCommit}`,
      date: new Date().toISOString(),
    };
  } finally {
    await admin.end();
  }
}

/**
 * Every measurement of one run, as the report renders it. Kept as JSON in the temporary folder, so
 * `BENCH_RENDER_FROM=<that file>` renders a report again without measuring again.
 */
async function measure(): Promise<Partial<ReportInput>> {
  const started = Date.now();
  const loadAtStart = loadAverage();
  log(`config: ${JSON.stringify({ ...config, flatSizes, only: only && [...only] })}`);
  const host = await machine();
  log(`machine: ${JSON.stringify(host)}`);
  const context: BenchContext = await openBenchContext(config);
  // An interrupted run still stops its server and drops its database.
  const interrupted = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping the server and dropping the benchmark database`);
    void closeBenchContext(context).finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const idleRssBytes = await context.server.rssBytes();
    log(`idle server RSS ${(idleRssBytes / 2 ** 20).toFixed(0)} MiB`);
    const results: Partial<ReportInput> = { idleRssBytes };
    if (wanted(1)) {
      log("1. metered call overhead");
      const metered = await benchMeteredOverhead(context);
      log(
        `   insert ${metered.bareInsert.rate.toFixed(0)}/s, node:http fixed ${metered.nodeHttpFixed.rate.toFixed(0)}/s (${cpuOf(metered.nodeHttpFixed)}), node:http + insert ${metered.nodeHttpInsert.rate.toFixed(0)}/s (${cpuOf(metered.nodeHttpInsert)})`,
      );
      log(
        `   metered ${metered.metered.rate.toFixed(0)}/s (${cpuOf(metered.metered)}), one account ${metered.meteredHotAccount.rate.toFixed(0)}/s, unmetered ${metered.unmetered.rate.toFixed(0)}/s (${cpuOf(metered.unmetered)}); metered vs node:http + insert ${(metered.metered.rate / metered.nodeHttpInsert.rate).toFixed(2)}x`,
      );
      results.metered = metered;
    }
    if (wanted(3)) {
      log("3. peer: rate-limiter-flexible");
      const peer = await benchPeer(context);
      log(
        `   peer ${peer.peer.rate.toFixed(0)}/s (${cpuOf(peer.peer)}), tally ${peer.tally.rate.toFixed(0)}/s (${cpuOf(peer.tally)})`,
      );
      results.peer = peer;
    }
    if (wanted(4)) {
      log("4. batch ingestion");
      const batch = await benchBatchIngestion(context);
      log(
        `   api ${batch.api.rate.toFixed(0)} events/s (${cpuOf(batch.api)}), copy ${batch.copy.rate.toFixed(0)} rows/s`,
      );
      results.batch = batch;
    }
    if (wanted(2)) {
      log("2. flat checks");
      const flat = await benchFlatChecks(context, flatSizes);
      for (const row of flat) {
        log(
          `   ${row.events} events: check p99 ${row.check.p99Ms.toFixed(2)} ms, naive p99 ${row.naive.p99Ms.toFixed(2)} ms`,
        );
      }
      results.flat = flat;
    }
    if (wanted(5)) {
      log(`5. period close of ${closeAccounts} accounts`);
      const close = await benchPeriodClose(context, closeAccounts);
      log(
        `   ledger close ${close.ledger.accountsPerSecond.toFixed(0)} accounts/s, Stripe ${close.push.requestsPerSecond.toFixed(1)} requests/s, duplicates ${close.push.duplicateItems}`,
      );
      results.close = close;
    }
    if (wanted(6)) {
      log(`6. memory soak for ${config.soakSeconds} s`);
      const soak = await benchSoak(context);
      log(`   growth ${(soak.growthBytes / 2 ** 20).toFixed(1)} MiB`);
      results.soak = soak;
    }
    return {
      ...results,
      command: commandLine(),
      host,
      config: { ...config, adminUrl: "(DATABASE_URL)" },
      totalSeconds: (Date.now() - started) / 1000,
      loadAverage: { start: loadAtStart, end: loadAverage() },
    };
  } finally {
    process.off("SIGINT", interrupted);
    process.off("SIGTERM", interrupted);
    await closeBenchContext(context);
  }
}

function cpuOf(result: CostedResult): string {
  return `server ${result.serverCpuMsPerUnit.toFixed(3)} ms + PostgreSQL ${result.postgresCpuMsPerUnit.toFixed(3)} ms per unit`;
}

function loadAverage(): string {
  return loadavg()
    .map((load) => load.toFixed(2))
    .join(", ");
}

/** A run's kept measurements, refused when they predate a figure the report now renders. */
async function keptMeasurements(file: string): Promise<Partial<ReportInput>> {
  const kept = JSON.parse(await readFile(file, "utf8")) as Partial<ReportInput>;
  if (kept.metered !== undefined && kept.metered.nodeHttpFixed === undefined) {
    throw new Error(
      `${file} was measured before benchmark 1 had its node:http baseline rows; measure again`,
    );
  }
  return kept;
}

const renderFrom = process.env.BENCH_RENDER_FROM;
const results: Partial<ReportInput> = renderFrom
  ? await keptMeasurements(renderFrom)
  : await measure();
if (!renderFrom) {
  const saved = join(tmpdir(), only ? "tally-bench-partial.json" : "tally-bench-last.json");
  await writeFile(saved, JSON.stringify(results));
  log(`measurements kept in ${saved}`);
}
if (isComplete(results)) {
  const findings = await readFile(new URL("./findings.md", import.meta.url), "utf8").catch(
    () => "",
  );
  await writeFile(output, renderReport({ ...results, findings }));
  log(`wrote ${output}`);
} else {
  log("a partial run (BENCH_ONLY): the report is left as it was");
}

function isComplete(partial: Partial<ReportInput>): partial is ReportInput {
  return (
    partial.metered !== undefined &&
    partial.peer !== undefined &&
    partial.batch !== undefined &&
    partial.flat !== undefined &&
    partial.close !== undefined &&
    partial.soak !== undefined &&
    partial.idleRssBytes !== undefined
  );
}

function commandLine(): string {
  const settings = [
    "DATABASE_URL",
    "BENCH_SECONDS",
    "BENCH_CONCURRENCY",
    "BENCH_SOAK_SECONDS",
    "BENCH_FLAT_SIZES",
    "BENCH_CLOSE_ACCOUNTS",
  ]
    .filter((name) => process.env[name] !== undefined && name !== "DATABASE_URL")
    .map((name) => `${name}=${process.env[name]}`);
  return [...settings, "pnpm bench"].join(" ");
}
