import type { BatchIngestionResult } from "../batch-ingestion";
import type { FlatCheckRow } from "../flat-checks";
import type { SoakResult } from "../memory-soak";
import type { MeteredOverheadResult } from "../metered-overhead";
import type { PeerResult } from "../peer-rate-limiter";
import type { PeriodCloseResult } from "../period-close";
import type { BenchConfig } from "./bench-context";
import type { LoopResult } from "./closed-loop";
import type { CostedResult } from "./cpu-cost";
import { missedTargetNotes } from "./missed-target-notes";

export interface ReportInput {
  command: string;
  host: {
    nproc: string;
    cpu: string;
    node: string;
    postgres: string;
    durability: string;
    date: string;
  };
  config: BenchConfig;
  totalSeconds: number;
  loadAverage: { start: string; end: string };
  idleRssBytes: number;
  metered: MeteredOverheadResult;
  flat: FlatCheckRow[];
  peer: PeerResult;
  batch: BatchIngestionResult;
  close: PeriodCloseResult;
  soak: SoakResult;
  /** Findings kept beside the benchmarks (bench/findings.md), printed after the figures. */
  findings?: string;
}

const rate = (value: number) => `${Math.round(value).toLocaleString("en-US")}/s`;
const ms = (value: number) => (Number.isNaN(value) ? "n/a" : `${value.toFixed(2)} ms`);
const ratio = (value: number) => `${value.toFixed(2)}x`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const met = (ok: boolean) => (ok ? "**met**" : "**missed**");

const cpu = (value: number) => `${value.toFixed(3)} ms`;

function loopRow(name: string, result: CostedResult, against: LoopResult | null): string {
  const relative = against === null ? "1.00x" : ratio(result.rate / against.rate);
  const failed = result.failures > 0 ? ` (${result.failures} failed: ${result.firstError})` : "";
  return `| ${name} | ${rate(result.rate)}${failed} | ${relative} | ${ms(result.p50Ms)} | ${ms(result.p99Ms)} | ${cpu(result.serverCpuMsPerUnit)} | ${cpu(result.postgresCpuMsPerUnit)} |`;
}

function batchRow(name: string, result: CostedResult, copyRate: number): string {
  const failed = result.failures > 0 ? ` (${result.failures} failed: ${result.firstError})` : "";
  return `| ${name} | ${rate(result.rate)}${failed} | ${ratio(result.rate / copyRate)} | ${ms(result.p50Ms)} | ${ms(result.p99Ms)} | ${cpu(result.serverCpuMsPerUnit)} | ${cpu(result.postgresCpuMsPerUnit)} |`;
}

const COSTED_HEADER = "| p50 | p99 | server CPU per call | PostgreSQL CPU per call |";
const COSTED_RULE = "|---|---|---|---|";

/** BENCHMARKS.md: every figure with its ratio, its target, and whether the target was met. */
/** The ledger close's work: the invoices the timed call wrote, and the lines of the period. */
function ledgerWork(close: PeriodCloseResult): string {
  const { invoices, lines } = close.ledger;
  const written =
    invoices < close.accounts
      ? `${invoices.toLocaleString("en-US")} invoices written by this call (of ${close.accounts.toLocaleString("en-US")} periods)`
      : `${invoices.toLocaleString("en-US")} invoices`;
  return `${written}, ${lines.toLocaleString("en-US")} lines`;
}

export function renderReport(input: ReportInput): string {
  const { metered, flat, peer, batch, close, soak, config, host } = input;
  const stripeShare = close.push.requestsPerSecond / close.push.allowedPerSecond;
  const meteredRatio = metered.metered.rate / metered.bareInsert.rate;
  const [small, large] = [flat[0], flat[flat.length - 1]];
  const flatRatio = small && large ? large.check.p99Ms / small.check.p99Ms : Number.NaN;
  const peerRatio = peer.tally.rate / peer.peer.rate;
  const copyRatio = batch.api.rate / batch.copy.rate;
  const outcomes = {
    metered: meteredRatio >= 1,
    flat: flatRatio <= 1.2,
    peer: peerRatio >= 1,
    batchRate: batch.api.rate >= 50_000,
    batchCopy: copyRatio >= 0.5,
    stripeRate: stripeShare >= 0.9,
    exactlyOneItem: close.push.duplicateItems === 0 && close.push.missingItems === 0,
  };
  const lines = [
    "# Benchmarks",
    "",
    `Command: \`${input.command}\` (whole run ${Math.round(input.totalSeconds)} s).`,
    "",
    `Machine: ${host.nproc} cores (\`nproc\`), ${host.cpu}; Node ${host.node}; ${host.postgres}`,
    `(${host.durability}); client, server and database on the same machine. Date: ${host.date}.`,
    "",
    `Every run: one freshly migrated database, ${config.concurrency} closed-loop clients,`,
    `${config.seconds} s each; the server is \`pnpm start\` as a child process on that database.`,
    "Runs on this shared machine vary up to 2x (more when other work runs: see the load average",
    "below); compare the ratios within one run. CPU per call (user + system time of the server's",
    "process group and of the database's backends, divided by the calls) does not depend on what",
    "else runs, so it is the figure that says where a call's cost goes.",
    "",
    `Load average at the start / end: ${input.loadAverage.start} / ${input.loadAverage.end}.`,
    "",
    "## 1. Metered call overhead",
    "",
    `| Operation | Throughput | vs bare INSERT ${COSTED_HEADER}`,
    `|---|---|---${COSTED_RULE}`,
    loopRow("durable single-row INSERT (postgres.js)", metered.bareInsert, null),
    loopRow(
      "bare `node:http` server, fixed answer, no database",
      metered.nodeHttpFixed,
      metered.bareInsert,
    ),
    loopRow(
      "bare `node:http` server + the same INSERT, answered once committed",
      metered.nodeHttpInsert,
      metered.bareInsert,
    ),
    loopRow("unmetered `usage.quota` over HTTP", metered.unmetered, metered.bareInsert),
    loopRow(
      "metered `coach.bookCall` over HTTP, one account per client",
      metered.metered,
      metered.bareInsert,
    ),
    loopRow(
      "metered `coach.bookCall`, all clients on one account",
      metered.meteredHotAccount,
      metered.bareInsert,
    ),
    "",
    "The `node:http` rows are a bare Node HTTP server with no framework",
    "(test/bench/support/baseline-http-server.ts, a child process of its own; its CPU is the server",
    "column), driven by the same `fetch` clients as the tRPC calls and reading the same kind of",
    "JSON body: the fixed answer is the most any HTTP endpoint reaches with this load generator on",
    "this machine, and the INSERT row is the like-for-like floor of a metered call (one durable",
    "write per call over HTTP).",
    "",
    `Target: metered >= 1.0x the bare INSERT: ${ratio(meteredRatio)}, ${met(outcomes.metered)}.`,
    `Metered vs node:http + INSERT: ${ratio(metered.metered.rate / metered.nodeHttpInsert.rate)}.`,
    `Metered vs unmetered: ${ratio(metered.metered.rate / metered.unmetered.rate)}.`,
    "",
    "## 2. Flat checks",
    "",
    "| Usage events in the period | check p50 | check p99 | naive sum p50 | naive sum p99 | samples (check / naive) |",
    "|---|---|---|---|---|---|",
    ...flat.map(
      (row) =>
        `| ${row.events.toLocaleString("en-US")} | ${ms(row.check.p50Ms)} | ${ms(row.check.p99Ms)} | ${ms(row.naive.p50Ms)} | ${ms(row.naive.p99Ms)} | ${row.check.samples} / ${row.naive.samples} |`,
    ),
    "",
    `Target: check p99 at the largest size within 1.2x of the smallest: ${ratio(flatRatio)}, ${met(outcomes.flat)}.`,
    small && large
      ? `The naive sum's p99 grows ${ratio(large.naive.p99Ms / small.naive.p99Ms)} over the same range.`
      : "",
    "",
    "## 3. A peer: rate-limiter-flexible (RateLimiterPostgres)",
    "",
    `| Quota job (1 unit per call, monthly limit) | Throughput | vs peer ${COSTED_HEADER.replace("server CPU", "Node CPU")}`,
    `|---|---|---${COSTED_RULE}`,
    loopRow("RateLimiterPostgres.consume (a points row, no call log)", peer.peer, null),
    loopRow(
      "Tally recordUsage (state read, then key check + guarded counter + event in one statement, shared by the calls that arrive together)",
      peer.tally,
      peer.peer,
    ),
    "",
    `Target: Tally >= the peer: ${ratio(peerRatio)}, ${met(outcomes.peer)}.`,
    "Both run in the benchmark process (no HTTP), so their Node CPU column is this process's,",
    "closed loops included. The peer's store is driven through a node-postgres-shaped adapter",
    "over postgres.js (`pg` is not a dependency of this workspace); it runs the limiter's own SQL",
    "unchanged.",
    "",
    "## 4. Batch ingestion",
    "",
    "| Path | Events/s | vs COPY | p50 per request | p99 per request | server CPU per event | PostgreSQL CPU per event |",
    "|---|---|---|---|---|---|---|",
    `| raw COPY of the same rows into usage_events (one stream) | ${rate(batch.copy.rate)} | 1.00x | | | | |`,
    batchRow(
      `\`usage.recordBatch\` over HTTP, ${batch.batchSize} events per request, a key each, every client its own account`,
      batch.api,
      batch.copy.rate,
    ),
    batchRow(
      "the same, all clients on one account (one counter row)",
      batch.apiOneAccount,
      batch.copy.rate,
    ),
    "",
    `Targets: >= 50,000 events/s: ${met(outcomes.batchRate)}; >= 0.5x COPY: ${ratio(copyRatio)}, ${met(outcomes.batchCopy)}.`,
    "",
    "## 5. Period close",
    "",
    `${close.accounts.toLocaleString("en-US")} accounts (a quarter each free, Lifestyle past its voice allowance, Growth and Mastery past their coach calls) with usage in a period that ended; closed by \`closeDuePeriods\`, then pushed by \`pushPendingInvoices\` (32 at once) to the Stripe stand-in, which allows ${close.push.allowedPerSecond} requests/s, through a gateway paced at ${close.push.allowedPerSecond}/s.`,
    "",
    "| Step | Work | Time | Rate |",
    "|---|---|---|---|",
    `| ledger close (\`closeDuePeriods\`, no Stripe) | ${ledgerWork(close)} | ${close.ledger.seconds.toFixed(2)} s | ${rate(close.ledger.accountsPerSecond)} accounts |`,
    `| Stripe push (\`pushPendingInvoices\`) | ${close.push.selected.toLocaleString("en-US")} invoices selected, ${close.push.sent.toLocaleString("en-US")} sent, ${close.push.failed} failed, ${close.push.attention} parked | ${close.push.seconds.toFixed(1)} s | ${close.push.requestsPerSecond.toFixed(1)} accepted requests/s (${close.push.requests.toLocaleString("en-US")} sent, ${close.push.rateLimited.toLocaleString("en-US")} of them refused with 429 and retried) |`,
    "",
    ...(close.ledger.invoices < close.accounts
      ? [
          `The server under test runs its own close job (at start and every minute) on the same database, so it closed ${(close.accounts - close.ledger.invoices).toLocaleString("en-US")} of the ${close.accounts.toLocaleString("en-US")} ended periods while the timed call closed the rest; each period has one invoice either way (the insert is \`ON CONFLICT DO NOTHING\`), and the rate divides all the accounts by the timed call's time, at the end of which every period had its invoice.`,
          "",
        ]
      : []),
    `Targets: accepted Stripe requests/s >= 90% of the allowed ${close.push.allowedPerSecond}/s: ${(stripeShare * 100).toFixed(1)}%, ${met(outcomes.stripeRate)}. Exactly one Stripe item per ledger line with an amount (${close.push.payableLines.toLocaleString("en-US")} lines, ${close.push.items.toLocaleString("en-US")} items): ${close.push.duplicateItems} lines with duplicates, ${close.push.missingItems} without an item, ${met(outcomes.exactlyOneItem)}.`,
    "",
    "## 6. Memory",
    "",
    "| Server RSS | Value |",
    "|---|---|",
    `| idle, after start and sign-ups | ${mib(input.idleRssBytes)} |`,
    `| peak under benchmark 1 | ${mib(metered.peakRssBytes)} |`,
    `| for comparison: the bare \`node:http\` server of benchmark 1 (postgres.js pool), peak | ${mib(metered.nodeHttpPeakRssBytes)} |`,
    `| soak: ${soak.seconds} s of metered load (${rate(soak.load.rate)}, ${soak.load.failures} failed), min / max | ${mib(Math.min(...soak.samples))} / ${mib(Math.max(...soak.samples))} |`,
    `| soak: last quarter minus second quarter | ${(soak.growthBytes / 2 ** 20).toFixed(1)} MiB |`,
    "",
    `Samples (MiB): ${soak.samples.map((sample) => (sample / 2 ** 20).toFixed(0)).join(", ")}.`,
    "",
    ...(input.findings ? [input.findings.trim(), ""] : []),
    "## Missed targets: the measured bottleneck and what it would take",
    "",
    ...missedTargetNotes({
      outcomes,
      cores: Number(host.nproc),
      metered,
      peer,
      batch,
      close,
    }),
    "",
  ];
  return lines.join("\n");
}
