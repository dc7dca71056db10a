import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { type DatabaseHandle, openDatabase } from "../client";
import type { Database } from "../database";
import { databaseUrl, withAdminConnection } from "./admin-connection";
import type { TestServer } from "./provided-context";

export interface TestDatabase {
  db: Database;
  url: string;
  handle: DatabaseHandle;
  /** Closes the connections and drops the database; call it in `afterAll`. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Start from an empty database instead of a migrated one, for tests of migrating itself. */
  empty?: boolean;
}

/**
 * A database of its own for the calling test file, copied from the run's migrated template (or
 * empty). Needs the `@tally/db/testing/global-setup` global setup in the package's vitest config.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  // Undefined when the package's vitest config lacks the global setup.
  const server: TestServer | undefined = inject("tallyPostgres");
  if (!server) {
    throw new Error(
      "createTestDatabase needs the global setup in vitest.config.ts: " +
        '`globalSetup: ["@tally/db/testing/global-setup"]`',
    );
  }
  // The template's name as prefix lets the run's teardown find databases a crashed file left.
  const name = `${server.templateName}_${randomBytes(4).toString("hex")}`;
  const template = options.empty ? "template0" : server.templateName;
  await withAdminConnection(
    server.adminUrl,
    (admin) => admin`create database ${admin(name)} template ${admin(template)}`,
  );
  const url = databaseUrl(server.adminUrl, name);
  const handle = await openDatabase({ url });
  return {
    db: handle.db,
    url,
    handle,
    drop: async () => {
      await handle.close();
      await withAdminConnection(
        server.adminUrl,
        (admin) => admin`drop database if exists ${admin(name)} with (force)`,
      );
    },
  };
}
