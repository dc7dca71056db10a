import { spawn } from "node:child_process";
import { copyFile, cp, mkdir, mkdtemp, readdir, rename, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./server-process";

const webDir = join(repoRoot, "apps/web");
const distDir = join(webDir, "dist");
/** The built dashboard's entry page; the server serves the dashboard only if it exists at start. */
export const builtIndex = join(distDir, "index.html");

/**
 * What the dashboard's bundle is made of: its own sources and config, and tier-config, which the
 * bundle imports values from. A build older than any of these is stale.
 */
const buildInputs = [
  join(webDir, "src"),
  join(webDir, "index.html"),
  join(webDir, "vite.config.ts"),
  join(webDir, "package.json"),
  join(repoRoot, "packages/tier-config/src"),
];

/**
 * Vitest global setup for the end-to-end project: the server serves whatever is in apps/web/dist,
 * so the tests would otherwise drive a missing or outdated dashboard. Builds it once per run, and
 * only when the build is missing or older than its inputs.
 */
export async function setup(): Promise<void> {
  const builtAt = await modifiedAt(builtIndex);
  const newestInput = Math.max(...(await Promise.all(buildInputs.map(newestModification))));
  if (builtAt !== null && builtAt >= newestInput) return;
  const reason = builtAt === null ? "is not built" : "is older than its sources";
  console.log(`[e2e] the dashboard ${reason}; building it (vite build of @tally/web)`);
  const startedAt = Date.now();
  await buildDashboard();
  console.log(`[e2e] dashboard built in ${Date.now() - startedAt} ms`);
}

/**
 * Builds into a private directory, then publishes into apps/web/dist without ever emptying it:
 * hashed assets are added beside the old ones and index.html is replaced last, in one rename. A
 * server or browser of another test run using dist meanwhile keeps working (a page loaded from the
 * old index.html still finds its old lazy chunks), which a plain `vite build` (it empties dist
 * first) does not allow.
 */
async function buildDashboard(): Promise<void> {
  const staging = await mkdtemp(join(tmpdir(), "tally-dashboard-"));
  try {
    await run("pnpm", [
      "--filter",
      "@tally/web",
      "exec",
      "vite",
      "build",
      "--outDir",
      staging,
      "--emptyOutDir",
    ]);
    await mkdir(distDir, { recursive: true });
    const stagedIndex = join(staging, "index.html");
    await cp(staging, distDir, { recursive: true, filter: (source) => source !== stagedIndex });
    const nextIndex = `${builtIndex}.next`;
    await copyFile(stagedIndex, nextIndex);
    await rename(nextIndex, builtIndex);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolve();
      else {
        reject(
          new Error(
            `The end-to-end tests need the built dashboard, and \`${command} ${args.join(" ")}\` exited with ${code}:\n${output}`,
          ),
        );
      }
    });
  });
}

/** The file's modification time in ms, or null when it does not exist. */
async function modifiedAt(path: string): Promise<number | null> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return null;
  }
}

/** The latest modification time of a file, or of any file under a directory (0 when absent). */
async function newestModification(path: string): Promise<number> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path, { withFileTypes: true, recursive: true });
  const times = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) => modifiedAt(join(entry.parentPath, entry.name))),
  );
  return Math.max(info.mtimeMs, ...times.map((time) => time ?? 0));
}
