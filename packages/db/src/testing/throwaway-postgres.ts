import { spawn } from "node:child_process";
import { constants } from "node:fs";
import { access, appendFile, chown, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, delimiter, join } from "node:path";

/** A PostgreSQL server started from the machine's binaries for one test run. */
export interface ThrowawayPostgres {
  /** A superuser URL (trust auth, no password) to the server's `postgres` database. */
  url: string;
  /**
   * Stops the server the way a crash would (`pg_ctl stop -m immediate`: no checkpoint, so the next
   * start runs crash recovery), keeping its files.
   */
  crash(): Promise<void>;
  /** Starts the server again on the same port and data, after `crash`. */
  restart(): Promise<void>;
  /** Stops the server (unless it is already down) and deletes its files. */
  stop(): Promise<void>;
}

export interface ThrowawayPostgresOptions {
  /** Where initdb and pg_ctl live when they are not on PATH or in /usr/lib/postgresql/<version>/bin. */
  binDir?: string;
  /**
   * Keeps PostgreSQL's durability settings, for tests that crash the server and count on
   * recovery keeping every commit it acknowledged. Off by default: a test run's server is deleted
   * afterwards, and without durability commits and CREATE DATABASE are fast.
   */
  durable?: boolean;
}

interface OsUser {
  uid: number;
  gid: number;
}

/** Settings that trade crash safety for speed; see `ThrowawayPostgresOptions.durable`. */
const NOT_DURABLE = ["fsync = off", "synchronous_commit = off", "full_page_writes = off"];

/**
 * Starts a private server: initdb in a temporary folder, on a free port of 127.0.0.1, without
 * durability unless asked for.
 */
export async function startThrowawayPostgres(
  options: ThrowawayPostgresOptions = {},
): Promise<ThrowawayPostgres> {
  const bin = await findBinDir(options.binDir);
  // initdb and pg_ctl refuse to run as root, so as root they run as the `postgres` OS user.
  const owner = process.getuid?.() === 0 ? await postgresOsUser() : undefined;
  const root = await mkdtemp(join(tmpdir(), "tally-test-pg-"));
  const dataDir = join(root, "data");
  const logFile = join(root, "server.log");
  const pgCtl = (...args: string[]) =>
    run(join(bin, "pg_ctl"), ["-D", dataDir, ...args], root, owner);
  let running = false;
  const start = async () => {
    try {
      await pgCtl("-l", logFile, "-w", "-t", "60", "start");
    } catch (error) {
      const log = await readFile(logFile, "utf8").catch(() => "(no server log)");
      throw new Error(`PostgreSQL did not start; its log says:\n${log}`, { cause: error });
    }
    running = true;
  };
  const crash = async () => {
    await pgCtl("-m", "immediate", "-w", "stop");
    running = false;
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
    // No Unix socket, so the machine's socket folder is never needed; room for the pools of many
    // test files running at once.
    await appendFile(
      join(dataDir, "postgresql.conf"),
      [
        "",
        `port = ${port}`,
        "listen_addresses = '127.0.0.1'",
        "unix_socket_directories = ''",
        "max_connections = 200",
        ...(options.durable ? [] : NOT_DURABLE),
        "",
      ].join("\n"),
    );
    await start();
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      crash,
      restart: start,
      stop: async () => {
        try {
          if (running) await crash();
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

async function findBinDir(explicit: string | undefined): Promise<string> {
  if (explicit) {
    if (await hasServerPrograms(explicit)) return explicit;
    throw new Error(`TALLY_TEST_PG_BIN is ${explicit}, but initdb and pg_ctl are not there.`);
  }
  const onPath = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  const installed = await readdir("/usr/lib/postgresql").catch(() => []);
  // Debian installs each major version side by side; prefer the newest.
  const debian = installed
    .filter((version) => /^\d+$/.test(version))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join("/usr/lib/postgresql", version, "bin"));
  for (const dir of [...onPath, ...debian]) {
    if (await hasServerPrograms(dir)) return dir;
  }
  throw new Error(
    "Tests need PostgreSQL. Set DATABASE_URL to a server that lets this user create databases " +
      "(e.g. postgres://postgres@127.0.0.1:5432/postgres), or install the PostgreSQL server " +
      "binaries (initdb and pg_ctl on PATH or in /usr/lib/postgresql/<version>/bin, or in the " +
      "folder TALLY_TEST_PG_BIN names) so the tests can start their own.",
  );
}

async function hasServerPrograms(dir: string): Promise<boolean> {
  const found = await Promise.all(
    ["initdb", "pg_ctl"].map((program) =>
      access(join(dir, program), constants.X_OK).then(
        () => true,
        () => false,
      ),
    ),
  );
  return found.every(Boolean);
}

async function postgresOsUser(): Promise<OsUser> {
  try {
    const [uid, gid] = await Promise.all([
      run("id", ["-u", "postgres"], tmpdir()),
      run("id", ["-g", "postgres"], tmpdir()),
    ]);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  } catch (error) {
    throw new Error(
      "Running as root, which PostgreSQL refuses, and there is no `postgres` OS user to run it " +
        "as. Create one, run the tests as another user, or set DATABASE_URL.",
      { cause: error },
    );
  }
}

/** Runs a program to completion and returns its output; throws with that output if it fails. */
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
    child.on("close", (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${basename(file)} ${args.join(" ")} exited with ${code}:\n${output}`));
    });
  });
}

/** A port nothing listens on right now; the server takes it a moment later. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => {
        if (typeof address === "object" && address !== null) resolve(address.port);
        else reject(new Error("could not find a free port"));
      });
    });
  });
}
