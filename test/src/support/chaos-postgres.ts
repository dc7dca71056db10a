import { spawn } from "node:child_process";
import { constants } from "node:fs";
import { access, appendFile, chown, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { freePort } from "@tally/db/testing";

/** A private PostgreSQL that a chaos test may stop and start; never the machine's shared server. */
export interface RestartablePostgres {
  /** Superuser URL of its `postgres` database. */
  url: string;
  /** Stops it the way a crash would (`pg_ctl stop -m immediate`: no checkpoint, recovery at start). */
  crash(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and deletes its files. */
  destroy(): Promise<void>;
}

interface OsUser {
  uid: number;
  gid: number;
}

/**
 * initdb in a temporary folder and pg_ctl start on a free port of 127.0.0.1, from the machine's
 * binaries (as the `postgres` OS user when running as root, which PostgreSQL refuses). Durable
 * settings are left at their defaults, so a crash recovers what was committed.
 */
export async function startRestartablePostgres(): Promise<RestartablePostgres> {
  const bin = await findBinDir();
  const owner = process.getuid?.() === 0 ? await postgresOsUser() : undefined;
  const root = await mkdtemp(join(tmpdir(), "tally-chaos-pg-"));
  const dataDir = join(root, "data");
  const logFile = join(root, "server.log");
  const pgCtl = (...args: string[]) =>
    run(join(bin, "pg_ctl"), ["-D", dataDir, ...args], root, owner);
  const start = async () => {
    try {
      await pgCtl("-l", logFile, "-w", "-t", "60", "start");
    } catch (error) {
      const log = await readFile(logFile, "utf8").catch(() => "(no server log)");
      throw new Error(`PostgreSQL did not start; its log says:\n${log}`, { cause: error });
    }
  };
  try {
    if (owner) await chown(root, owner.uid, owner.gid);
    await run(
      join(bin, "initdb"),
      ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"],
      root,
      owner,
    );
    const port = await freePort();
    await appendFile(
      join(dataDir, "postgresql.conf"),
      `\nport = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n`,
    );
    await start();
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      crash: async () => {
        await pgCtl("-m", "immediate", "-w", "stop");
      },
      start,
      destroy: async () => {
        try {
          await pgCtl("-m", "immediate", "-w", "stop").catch(() => undefined);
        } finally {
          await rm(root, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}

async function findBinDir(): Promise<string> {
  const explicit = process.env.TALLY_TEST_PG_BIN;
  const onPath = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  const installed = await readdir("/usr/lib/postgresql").catch(() => [] as string[]);
  const debian = installed
    .filter((version) => /^\d+$/.test(version))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join("/usr/lib/postgresql", version, "bin"));
  for (const dir of [...(explicit ? [explicit] : []), ...onPath, ...debian]) {
    const found = await Promise.all(
      ["initdb", "pg_ctl"].map((program) =>
        access(join(dir, program), constants.X_OK).then(
          () => true,
          () => false,
        ),
      ),
    );
    if (found.every(Boolean)) return dir;
  }
  throw new Error(
    "The PostgreSQL chaos test starts its own server and needs initdb and pg_ctl (on PATH, in " +
      "/usr/lib/postgresql/<version>/bin, or in TALLY_TEST_PG_BIN).",
  );
}

async function postgresOsUser(): Promise<OsUser> {
  const [uid, gid] = await Promise.all([
    run("id", ["-u", "postgres"], tmpdir()),
    run("id", ["-g", "postgres"], tmpdir()),
  ]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

function run(file: string, args: string[], cwd: string, owner?: OsUser): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd,
      uid: owner?.uid,
      gid: owner?.gid,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`${file} ${args.join(" ")} exited with ${code}:\n${output}`)),
    );
  });
}
