import { type ChildProcess, spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { freePort } from "@tally/db/testing";
import { repoRoot } from "./server-process";

export interface ServerProcess {
  url: string;
  port: number;
  /** The process group leader (`pnpm start`); the server runs in its group. */
  pid: number;
  output: () => string;
  /** Signals the whole group, as an orchestrator or the OOM killer would hit the server. */
  kill: (signal: NodeJS.Signals) => Promise<void>;
  /** The resident memory of the group's largest process (the server itself), in bytes. */
  rssBytes: () => Promise<number>;
  /** CPU time (user + system) the whole group has used so far, in seconds. */
  cpuSeconds: () => Promise<number>;
  stop: () => Promise<void>;
}

/**
 * `pnpm start` in its own process group on a given (or free) port, resolved once `/health`
 * answers. Unlike the e2e helper it exposes the group, so chaos tests can SIGKILL the server in the
 * middle of a load and restart it on the same port, and benchmarks can read its memory.
 */
export async function startServerProcess(
  env: Record<string, string | undefined>,
  options: { port?: number; healthTimeoutMs?: number } = {},
): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn("pnpm", ["start"], {
    cwd: repoRoot,
    env: { ...env, PORT: String(port), HOST: "127.0.0.1" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let printed = "";
  const append = (chunk: Buffer) => {
    printed += chunk.toString();
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const pid = child.pid;
  if (pid === undefined) throw new Error("pnpm start did not spawn");
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const url = `http://127.0.0.1:${port}`;
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-pid, signal);
    } catch {
      return;
    }
    await exited;
  };
  const server: ServerProcess = {
    url,
    port,
    pid,
    output: () => printed,
    kill,
    rssBytes: async () => Math.max(0, ...(await groupStats(pid)).map((stat) => stat.rssBytes)),
    cpuSeconds: async () => (await groupStats(pid)).reduce((sum, stat) => sum + stat.cpuSeconds, 0),
    stop: async () => {
      const forced = setTimeout(() => {
        try {
          process.kill(-pid, "SIGKILL");
        } catch {
          // The group is already gone.
        }
      }, 10_000);
      await kill("SIGTERM");
      clearTimeout(forced);
    },
  };
  try {
    await waitForHealth(url, child, () => printed, options.healthTimeoutMs ?? 90_000);
  } catch (error) {
    await server.kill("SIGKILL");
    throw error;
  }
  return server;
}

async function waitForHealth(
  url: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`server exited with ${child.exitCode} before answering:\n${output()}`);
    }
    const healthy = await fetch(`${url}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not answer /health within ${timeoutMs} ms:\n${output()}`);
}

/** Linux reports CPU times in clock ticks of 1/100 s and memory in pages of 4 KiB. */
const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

/** Reads /proc for every process of a group: pnpm, tsx and the server itself. */
async function groupStats(groupId: number): Promise<{ rssBytes: number; cpuSeconds: number }[]> {
  const stats: { rssBytes: number; cpuSeconds: number }[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => null);
    if (stat === null) continue;
    // The fields after the parenthesised command name start at field 3 (state); pgrp is field 5,
    // utime and stime are 14 and 15, rss is 24.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) !== groupId) continue;
    stats.push({
      rssBytes: Number(fields[21]) * PAGE_BYTES,
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
    });
  }
  return stats;
}
