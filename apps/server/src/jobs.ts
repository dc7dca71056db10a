import type { DatabaseHandle } from "@tally/db/client";
import { startJobs } from "@tally/metering";
import type { AnyCatalog } from "@tally/tier-config";
import type { Logger } from "./logger";

/**
 * The pg-boss workers (plan transitions, period rollover, alert webhooks). Every server process
 * runs them; pg-boss hands each job to one of them.
 */
export async function startBackgroundJobs(params: {
  database: DatabaseHandle;
  catalog: AnyCatalog;
  logger: Logger;
}): Promise<{ stop(): Promise<void> }> {
  const { database, catalog, logger } = params;
  const jobs = await startJobs({
    db: database.db,
    catalog,
    logger,
    connection: database.kind === "postgres" ? { url: database.url } : { pglite: database.client },
  });
  logger.info("background jobs started");
  return { stop: async () => jobs.stop() };
}
