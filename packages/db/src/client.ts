import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { Database } from "./database";
import * as schema from "./schema";

export interface DatabaseConfig {
  /** A `postgres://` URL. Without one, the embedded PGlite stored in `dataDir` is used. */
  url?: string;
  /** Where PGlite keeps its files; created when missing. */
  dataDir?: string;
  /** The PostgreSQL pool size (postgres.js defaults to 10); PGlite has one connection. */
  max?: number;
}

/** An open database: `db` for queries, plus what `migrate` and `close` need to know about it. */
export type DatabaseHandle =
  | { kind: "postgres"; db: Database; url: string; close(): Promise<void> }
  | { kind: "pglite"; db: Database; client: PGlite; close(): Promise<void> };

/** The committed migrations in the repository's top-level `drizzle/`, wherever the caller runs. */
const migrationsFolder = fileURLToPath(new URL("../../../drizzle", import.meta.url));

/**
 * The advisory lock every Tally process takes before migrating PostgreSQL. Any constant works as
 * long as all processes agree; this one is "tally" in ASCII.
 */
const MIGRATION_LOCK_KEY = 0x74616c6c79;

/** Opens PostgreSQL (postgres.js) when `url` is given, else PGlite in `dataDir`. */
export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.url) {
    // postgres.js reads an explicit `max: undefined` as a pool of one, so pass it only when set.
    const client = postgres(config.url, config.max === undefined ? {} : { max: config.max });
    return {
      kind: "postgres",
      db: drizzlePostgres({ client, schema, casing: "snake_case" }),
      url: config.url,
      close: () => client.end(),
    };
  }
  if (!config.dataDir) {
    throw new Error("openDatabase needs a PostgreSQL url or a PGlite dataDir");
  }
  await mkdir(config.dataDir, { recursive: true });
  const client = await PGlite.create(config.dataDir);
  return {
    kind: "pglite",
    db: drizzlePglite({ client, schema, casing: "snake_case" }),
    client,
    close: () => client.close(),
  };
}

/** Applies the migrations in `drizzle/` that the database has not seen yet. */
export async function migrate(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === "pglite") {
    // PGlite lives inside this process with a single connection, so nothing can race it.
    await migratePglite(drizzlePglite({ client: handle.client }), { migrationsFolder });
    return;
  }
  // Several servers may start at once. The lock is held by one dedicated connection that also
  // runs the migrations, so the pool's size cannot starve it, and ending that connection releases
  // the lock even when a migration fails. `onnotice` hushes "already exists, skipping".
  const connection = postgres(handle.url, { max: 1, onnotice: () => {} });
  try {
    await connection`select pg_advisory_lock(${MIGRATION_LOCK_KEY}::bigint)`;
    await migratePostgres(drizzlePostgres({ client: connection }), { migrationsFolder });
  } finally {
    await connection.end();
  }
}

/** Whether the database answers a query, for readiness probes. */
export async function ping(handle: DatabaseHandle): Promise<boolean> {
  try {
    await handle.db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
