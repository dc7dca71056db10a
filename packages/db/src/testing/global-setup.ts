import type { TestProject } from "vitest/node";
import { startTestPostgres } from "./test-postgres";

/**
 * Vitest global setup: one PostgreSQL and one migrated template per run, announced to the test
 * files through `provide`. This is the test run's entry point, so it reads the environment:
 * DATABASE_URL picks an existing server, TALLY_TEST_PG_BIN the binaries for a throwaway one.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startTestPostgres({
    url: process.env.DATABASE_URL || undefined,
    binDir: process.env.TALLY_TEST_PG_BIN || undefined,
  });
  project.provide("tallyPostgres", {
    adminUrl: postgres.adminUrl,
    templateName: postgres.templateName,
  });
  return postgres.stop;
}
