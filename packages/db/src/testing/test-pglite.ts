import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { migrate, openDatabase } from "../client";
import type { Database } from "../database";

/** PGlite's first open compiles its WebAssembly, which takes 5–11 s: raise timeouts to this. */
export const PGLITE_TIMEOUT_MS = 60_000;

export interface TestPglite {
  db: Database;
  client: PGlite;
  /** Closes the database and deletes its folder; call it in `afterAll`. */
  drop(): Promise<void>;
}

/**
 * A migrated embedded database in a temporary folder, for the smoke tests that keep the
 * `pnpm start` default (no DATABASE_URL) true. Share one per test file: opening is slow.
 */
export async function createTestPglite(): Promise<TestPglite> {
  const folder = await mkdtemp(join(tmpdir(), "tally-test-pglite-"));
  const handle = await openDatabase({ dataDir: join(folder, "db") });
  if (handle.kind !== "pglite") throw new Error("openDatabase without a url must open PGlite");
  await migrate(handle);
  return {
    db: handle.db,
    client: handle.client,
    drop: async () => {
      await handle.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
