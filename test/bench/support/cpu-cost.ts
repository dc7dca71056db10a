import type postgres from "postgres";
import { readProcessStat } from "../../src/support/chaos-server";
import type { BenchContext } from "./bench-context";
import type { LoopResult } from "./closed-loop";

/** A timed run with the CPU it cost, per unit: in the Node process doing the work and in PostgreSQL. */
export interface CostedResult extends LoopResult {
  /** The Node side's CPU (see NodeSide): a server child's, or this process's when in-process. */
  serverCpuMsPerUnit: number;
  postgresCpuMsPerUnit: number;
}

/** A child process whose CPU time can be read, e.g. a server the benchmark started. */
export interface CpuMeteredProcess {
  /** CPU time (user + system) the process has used so far, in seconds. */
  cpuSeconds: () => Promise<number>;
}

/**
 * Where the Node side of the work runs: the Tally server, another child process the benchmark
 * started, or this benchmark process itself.
 */
export type NodeSide = "server" | "in-process" | CpuMeteredProcess;

/** CPU seconds used so far by the PostgreSQL backends connected to one database. */
async function backendCpuSeconds(sql: postgres.Sql, database: string): Promise<number> {
  const backends = await sql<{ pid: number }[]>`
    select pid from pg_stat_activity where datname = ${database} and pid <> pg_backend_pid()`;
  let total = 0;
  for (const { pid } of backends) {
    total += (await readProcessStat(pid))?.cpuSeconds ?? 0;
  }
  return total;
}

/**
 * Runs `run` and charges it the CPU the server and the database's backends used meanwhile. On a
 * machine shared with other work, throughput follows whatever else runs; CPU per call does not,
 * so it is the figure that says where a call's cost goes.
 */
export async function withCpuCost(
  context: BenchContext,
  run: () => Promise<LoopResult>,
  nodeSide: NodeSide = "server",
): Promise<CostedResult> {
  const { server, sql, database } = context;
  const nodeCpuSeconds = async () => {
    if (nodeSide === "in-process") {
      // This process also runs the closed loops, so its figure includes the load generator.
      const { user, system } = process.cpuUsage();
      return (user + system) / 1e6;
    }
    return (nodeSide === "server" ? server : nodeSide).cpuSeconds();
  };
  const [serverBefore, postgresBefore] = await Promise.all([
    nodeCpuSeconds(),
    backendCpuSeconds(sql, database.name),
  ]);
  const result = await run();
  const [serverAfter, postgresAfter] = await Promise.all([
    nodeCpuSeconds(),
    backendCpuSeconds(sql, database.name),
  ]);
  const units = Math.max(1, result.units);
  return {
    ...result,
    serverCpuMsPerUnit: ((serverAfter - serverBefore) * 1000) / units,
    // A backend that exits during the run takes its CPU time with it, which can leave the
    // difference a hair below zero when the work itself used none.
    postgresCpuMsPerUnit: Math.max(0, ((postgresAfter - postgresBefore) * 1000) / units),
  };
}
