import { randomBytes } from "node:crypto";
import { migrate, openDatabase } from "../client";
import { databaseUrl, withAdminConnection } from "./admin-connection";
import type { TestServer } from "./provided-context";
import { startThrowawayPostgres } from "./throwaway-postgres";

export interface TestPostgresOptions {
  /**
   * An existing server to use (the caller's DATABASE_URL); without one a throwaway server starts.
   */
  url?: string;
  /**
   * Where initdb and pg_ctl live when they are not on PATH or in /usr/lib/postgresql/<version>/bin.
   */
  binDir?: string;
}

export interface TestPostgres extends TestServer {
  /** Drops this run's databases, or stops the throwaway server; call it once, at teardown. */
  stop(): Promise<void>;
}

/**
 * Gets a PostgreSQL server for a test run and prepares one migrated template database on it, so
 * each test file can copy a fresh database in milliseconds instead of migrating its own.
 */
export async function startTestPostgres(options: TestPostgresOptions = {}): Promise<TestPostgres> {
  const { url, binDir } = options;
  // Random per run, so runs that share one DATABASE_URL server never touch each other's databases.
  const templateName = `tally_test_${randomBytes(4).toString("hex")}`;
  const server = url
    ? { url, stop: () => dropRunDatabases(url, templateName) }
    : await startThrowawayPostgres({ binDir });
  try {
    await withAdminConnection(server.url, (admin) => admin`create database ${admin(templateName)}`);
    const template = await openDatabase({ url: databaseUrl(server.url, templateName), max: 1 });
    try {
      await migrate(template);
    } finally {
      // A template with open connections cannot be copied.
      await template.close();
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { adminUrl: server.url, templateName, stop: server.stop };
}

/** Drops the template and every test database copied from it (they share its name as a prefix). */
async function dropRunDatabases(adminUrl: string, templateName: string): Promise<void> {
  await withAdminConnection(adminUrl, async (admin) => {
    const databases = await admin<{ datname: string }[]>`
      select datname from pg_database
      where datname = ${templateName} or starts_with(datname, ${`${templateName}_`})`;
    for (const { datname } of databases) {
      await admin`drop database if exists ${admin(datname)} with (force)`;
    }
  });
}
