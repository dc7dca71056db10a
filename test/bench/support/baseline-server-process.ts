import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort } from "@tally/db/testing";
import { readProcessStat } from "../../src/support/chaos-server";

/** The bare `node:http` server of baseline-http-server.ts, running as a child of this process. */
export interface BaselineServerProcess {
  url: string;
  /** CPU time (user + system) the server has used so far, in seconds. */
  cpuSeconds: () => Promise<number>;
  rssBytes: () => Promise<number>;
  /** SIGTERM, then SIGKILL should it still be there after ten seconds. */
  stop: () => Promise<void>;
}

const serverFile = fileURLToPath(new URL("./baseline-http-server.ts", import.meta.url));
const testRoot = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Starts the baseline server on a free port with a pool of `poolSize` connections to `databaseUrl`,
 * and resolves once it listens. It is one Node process (tsx as a loader, not a wrapper process),
 * so its pid's CPU and memory are the whole server's.
 */
export async function startBaselineServer(
  databaseUrl: string,
  poolSize: number,
): Promise<BaselineServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", serverFile], {
    cwd: testRoot,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      POOL_SIZE: String(poolSize),
    },
    // The IPC channel carries readiness, and its closing tells the server this process has gone.
    stdio: ["ignore", "inherit", "pipe", "ipc"],
  });
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("error", reject);
    void exited.then(() =>
      reject(new Error(`the baseline server exited before listening:\n${errors}`)),
    );
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("the baseline server did not spawn");
  const stat = async () => {
    const current = await readProcessStat(pid);
    if (current === null) throw new Error(`the baseline server (pid ${pid}) has gone:\n${errors}`);
    return current;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    cpuSeconds: async () => (await stat()).cpuSeconds,
    rssBytes: async () => (await stat()).rssBytes,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const forced = setTimeout(() => child.kill("SIGKILL"), 10_000);
      child.kill("SIGTERM");
      await exited;
      clearTimeout(forced);
    },
  };
}
