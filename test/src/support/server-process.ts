import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort } from "@tally/db/testing";

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

export interface RunningServer {
  url: string;
  /** Everything the process printed so far, for assertions and for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts the server exactly as the README does (`pnpm start` at the repository root) in its own
 * process group, and resolves once `/health` answers.
 */
export async function startServer(env: Record<string, string | undefined>): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn("pnpm", ["start"], {
    cwd: repoRoot,
    env: { ...env, PORT: String(port), HOST: "127.0.0.1" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let printed = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    printed += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    printed += chunk.toString();
  });

  const url = `http://127.0.0.1:${port}`;
  const server: RunningServer = { url, output: () => printed, stop: () => stopProcess(child) };
  try {
    await waitForHealth(url, child, () => printed);
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
): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`server exited with ${child.exitCode} before answering:\n${output()}`);
    }
    const healthy = await fetch(`${url}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server did not answer /health within 90 s:\n${output()}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // pnpm runs tsx which runs node: signal the whole group so nothing is left listening.
  if (!signalGroup(pid, "SIGTERM")) return;
  const forced = setTimeout(() => signalGroup(pid, "SIGKILL"), 10_000);
  // Done when pnpm has exited or, should its exit go unreported, when its whole group is gone.
  const watch = { done: false };
  await Promise.race([exited, groupGone(pid, watch)]);
  watch.done = true;
  clearTimeout(forced);
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
