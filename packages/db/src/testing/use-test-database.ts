import { afterAll, beforeAll } from "vitest";
import type { Database } from "../database";
import { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from "./test-database";

/** The calling test file's database, readable once its `beforeAll` has run. */
export interface FileDatabase {
  readonly db: Database;
  readonly url: string;
}

/**
 * Registers the hooks that give the calling test file a database of its own (`createTestDatabase`
 * in `beforeAll`) and drop it in `afterAll`. Call it at the top level of a test file; read `db`
 * inside hooks and tests.
 */
export function useTestDatabase(options: TestDatabaseOptions = {}): FileDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(options);
  });
  afterAll(async () => {
    await database?.drop();
  });
  const created = (): TestDatabase => {
    if (!database) throw new Error("the test database is created in beforeAll; read it in a test");
    return database;
  };
  return {
    get db() {
      return created().db;
    },
    get url() {
      return created().url;
    },
  };
}
