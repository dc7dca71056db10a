import { type ChildProcess, spawn } from "node:child_process";
import { repoRoot } from "./server-process";

export interface CliRun {
  /** The exit code, or null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

export interface RunningCli {
  /** Resolves when the whole process group has exited. */
  exited: Promise<CliRun>;
  /** SIGKILLs the whole group (pnpm, tsx, node): a crash with no chance to clean up. */
  kill(): void;
  isRunning(): boolean;
}

/** Starts `pnpm <script> [args]` at the repository root in its own process group. */
export function startBillingCommand(
  script: "billing:close" | "billing:reconcile",
  env: Record<string, string | undefined>,
  args: readonly string[] = [],
): RunningCli {
  const child: ChildProcess = spawn("pnpm", ["--silent", script, ...args], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  let running = true;
  const exited = new Promise<CliRun>((resolve) => {
    child.once("close", (code, signal) => {
      running = false;
      resolve({ code, signal, output });
    });
  });
  return {
    exited,
    isRunning: () => running,
    kill: () => {
      if (running && child.pid !== undefined) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // The group exited between the check and the signal.
        }
      }
    },
  };
}
