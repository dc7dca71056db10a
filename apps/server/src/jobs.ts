import { registerBillingJobs, type StripeGateway } from "@tally/billing";
import type { DatabaseHandle } from "@tally/db/client";
import { startJobs } from "@tally/metering";
import type { AnyCatalog } from "@tally/tier-config";
import type { Logger } from "./logger";

/**
 * The pg-boss workers (plan transitions, period rollover, alert webhooks, period close and the
 * Stripe push). Every server process runs them; pg-boss hands each job to one of them. Without
 * Stripe, periods still close and their invoices wait, marked as not sent.
 */
export async function startBackgroundJobs(params: {
  database: DatabaseHandle;
  catalog: AnyCatalog;
  logger: Logger;
  stripe: StripeGateway | null;
}): Promise<{ stop(): Promise<void> }> {
  const { database, catalog, logger, stripe } = params;
  const jobs = await startJobs({
    db: database.db,
    catalog,
    logger,
    connection: database.kind === "postgres" ? { url: database.url } : { pglite: database.client },
    register: (boss) =>
      registerBillingJobs(boss, { db: database.db, catalog, logger, gateway: stripe }),
  });
  logger.info("background jobs started");
  return { stop: async () => jobs.stop() };
}
