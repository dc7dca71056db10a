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
import {
  type BenchConfig,
  type BenchContext,
  closeBenchContext,
  openBenchContext,
} from "./support/bench-context";
import { type ReportInput, renderReport } from "./support/render-report";

/**
 * `pnpm bench`: every benchmark against one PostgreSQL, at one concurrency, in one run, then
 * BENCHMARKS.md at the repository root. Configuration (all optional):
 * DATABASE_URL, BENCH_SECONDS (each timed run, default 10), BENCH_CONCURRENCY (default 10),
 * BENCH_SOAK_SECONDS (default 30; 600 for the full soak), BENCH_FLAT_SIZES (default 1000,1000000),
 * BENCH_OUTPUT (default BENCHMARKS.md at the root), BENCH_RENDER_FROM (render the report again from
 * a run's kept measurements instead of measuring).
 */
const config: BenchConfig = {
  adminUrl: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  seconds: positiveNumber("BENCH_SECONDS", 10),
  concurrency: positiveNumber("BENCH_CONCURRENCY", 10),
  soakSeconds: positiveNumber("BENCH_SOAK_SECONDS", 30),
};
const flatSizes = (process.env.BENCH_FLAT_SIZES ?? "1000,1000000")
  .split(",")
  .map((size) => Number(size.trim()));
if (flatSizes.some((size) => !Number.isSafeInteger(size) || size < 1)) {
  throw new Error(
    `BENCH_FLAT_SIZES must be positive integers, got "${process.env.BENCH_FLAT_SIZES}"`,
  );
}
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
async function measure(): Promise<ReportInput> {
  const started = Date.now();
  const loadAtStart = loadAverage();
  log(`config: ${JSON.stringify({ ...config, flatSizes })}`);
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
    log("1. metered call overhead");
    const metered = await benchMeteredOverhead(context);
    log(
      `   insert ${metered.bareInsert.rate.toFixed(0)}/s, metered ${metered.metered.rate.toFixed(0)}/s, unmetered ${metered.unmetered.rate.toFixed(0)}/s`,
    );
    log("3. peer: rate-limiter-flexible");
    const peer = await benchPeer(context);
    log(`   peer ${peer.peer.rate.toFixed(0)}/s, tally ${peer.tally.rate.toFixed(0)}/s`);
    log("4. batch ingestion");
    const batch = await benchBatchIngestion(context);
    log(`   api ${batch.api.rate.toFixed(0)} events/s, copy ${batch.copy.rate.toFixed(0)} rows/s`);
    log("2. flat checks");
    const flat = await benchFlatChecks(context, flatSizes);
    for (const row of flat) {
      log(
        `   ${row.events} events: check p99 ${row.check.p99Ms.toFixed(2)} ms, naive p99 ${row.naive.p99Ms.toFixed(2)} ms`,
      );
    }
    log(`6. memory soak for ${config.soakSeconds} s`);
    const soak = await benchSoak(context);
    log(`   growth ${(soak.growthBytes / 2 ** 20).toFixed(1)} MiB`);
    return {
      command: commandLine(),
      host,
      config: { ...config, adminUrl: "(DATABASE_URL)" },
      totalSeconds: (Date.now() - started) / 1000,
      loadAverage: { start: loadAtStart, end: loadAverage() },
      idleRssBytes,
      metered,
      flat,
      peer,
      batch,
      soak,
    };
  } finally {
    process.off("SIGINT", interrupted);
    process.off("SIGTERM", interrupted);
    await closeBenchContext(context);
  }
}

function loadAverage(): string {
  return loadavg()
    .map((load) => load.toFixed(2))
    .join(", ");
}

const renderFrom = process.env.BENCH_RENDER_FROM;
const results: ReportInput = renderFrom
  ? (JSON.parse(await readFile(renderFrom, "utf8")) as ReportInput)
  : await measure();
if (!renderFrom) {
  const saved = join(tmpdir(), "tally-bench-last.json");
  await writeFile(saved, JSON.stringify(results));
  log(`measurements kept in ${saved}`);
}
await writeFile(output, renderReport(results));
log(`wrote ${output}`);

function commandLine(): string {
  const settings = [
    "DATABASE_URL",
    "BENCH_SECONDS",
    "BENCH_CONCURRENCY",
    "BENCH_SOAK_SECONDS",
    "BENCH_FLAT_SIZES",
  ]
    .filter((name) => process.env[name] !== undefined && name !== "DATABASE_URL")
    .map((name) => `${name}=${process.env[name]}`);
  return [...settings, "pnpm bench"].join(" ");
}
