import { readdir, readFile } from "node:fs/promises";
import { type RunningServer, type StartServerOptions, startServer } from "./server-process";

export interface ServerProcess extends RunningServer {
  /** The resident memory of the group's largest process (the server itself), in bytes. */
  rssBytes: () => Promise<number>;
  /** CPU time (user + system) the whole group has used so far, in seconds. */
  cpuSeconds: () => Promise<number>;
}

/**
 * `pnpm start` as `startServer` runs it, with the group's memory and CPU time readable, so
 * benchmarks can measure the server while chaos tests kill and restart it on the same port.
 */
export async function startServerProcess(
  env: Record<string, string | undefined>,
  options: StartServerOptions = {},
): Promise<ServerProcess> {
  const server = await startServer(env, options);
  return {
    ...server,
    rssBytes: async () =>
      Math.max(0, ...(await groupStats(server.pid)).map((stat) => stat.rssBytes)),
    cpuSeconds: async () =>
      (await groupStats(server.pid)).reduce((sum, stat) => sum + stat.cpuSeconds, 0),
  };
}

/** Linux reports CPU times in clock ticks of 1/100 s and memory in pages of 4 KiB. */
const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

export interface ProcessStat {
  groupId: number;
  rssBytes: number;
  /** CPU time (user + system) the process has used so far, in seconds. */
  cpuSeconds: number;
}

/** One process's line of /proc/<pid>/stat; null when the process has gone. */
export async function readProcessStat(pid: number | string): Promise<ProcessStat | null> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
  if (stat === null) return null;
  // The fields after the parenthesised command name start at field 3 (state); pgrp is field 5,
  // utime and stime are 14 and 15, rss is 24.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return {
    groupId: Number(fields[2]),
    rssBytes: Number(fields[21]) * PAGE_BYTES,
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
  };
}

/** Reads /proc for every process of a group: pnpm, tsx and the server itself. */
async function groupStats(groupId: number): Promise<ProcessStat[]> {
  const stats: ProcessStat[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readProcessStat(entry);
    if (stat?.groupId === groupId) stats.push(stat);
  }
  return stats;
}
