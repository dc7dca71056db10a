import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort } from "@tally/db/testing";

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

export interface RunningServer {
  url: string;
  port: number;
  /** The process group leader (`pnpm start`); the server runs in its group. */
  pid: number;
  /** Everything the process printed so far, for assertions and for failure messages. */
  output: () => string;
  /**
   * Signals the whole group, as an orchestrator or the OOM killer would hit the server, and
   * resolves once it is gone.
   */
  kill: (signal: NodeJS.Signals) => Promise<void>;
  /** SIGTERM, then SIGKILL should the group still be there after ten seconds. */
  stop: () => Promise<void>;
}

export interface StartServerOptions {
  /** The port to listen on, e.g. the one of a server that was killed; a free one by default. */
  port?: number;
  healthTimeoutMs?: number;
}

/**
 * Starts the server exactly as the README does (`pnpm start` at the repository root) in its own
 * process group, and resolves once `/health` answers.
 */
export async function startServer(
  env: Record<string, string | undefined>,
  options: StartServerOptions = {},
): Promise<RunningServer> {
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

  const url = `http://127.0.0.1:${port}`;
  const server: RunningServer = {
    url,
    port,
    pid,
    output: () => printed,
    kill: (signal) => endGroup(child, pid, signal),
    stop: async () => {
      const forced = setTimeout(() => signalGroup(pid, "SIGKILL"), 10_000);
      await endGroup(child, pid, "SIGTERM");
      clearTimeout(forced);
    },
  };
  try {
    await waitForHealth(url, child, () => printed, options.healthTimeoutMs ?? 90_000);
  } catch (error) {
    await server.stop();
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

/** Signals the group of `pnpm start` and waits until it has gone. */
async function endGroup(child: ChildProcess, pid: number, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // pnpm runs tsx which runs node: signal the whole group so nothing is left listening.
  if (!signalGroup(pid, signal)) return;
  // Done when pnpm has exited or, should its exit go unreported, when its whole group is gone.
  const watch = { done: false };
  await Promise.race([exited, groupGone(pid, watch)]);
  watch.done = true;
}

/** Signals every process of the group; false when none is left (the group has already gone). */
function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ESRCH") return false;
    throw error;
  }
}

async function groupGone(pid: number, watch: { done: boolean }): Promise<void> {
  while (!watch.done && signalGroup(pid, 0)) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
