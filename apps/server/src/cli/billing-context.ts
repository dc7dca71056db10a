import { resolve } from "node:path";
import { createStripeGateway, type StripeGateway } from "@tally/billing";
import { type DatabaseHandle, migrate, openDatabase } from "@tally/db/client";
import { type AnyCatalog, catalogs } from "@tally/tier-config";
import pino from "pino";
import { type Env, parseEnv, stripeRequestsPerSecond } from "../env";

export interface BillingContext {
  env: Env;
  database: DatabaseHandle;
  catalog: AnyCatalog;
  /** Null when STRIPE_SECRET_KEY is unset. */
  gateway: StripeGateway | null;
  logger: pino.Logger;
}

/**
 * What the billing commands share with the server: the same environment, database (migrated, as
 * at server start) and catalog. Logs go to stderr so stdout carries only the summary.
 */
export async function openBillingContext(
  source: Record<string, string | undefined>,
): Promise<BillingContext> {
  const env = parseEnv(source);
  const logger = pino(
    { level: env.LOG_LEVEL, base: { service: "tally-billing" } },
    pino.destination(2),
  );
  const database = env.DATABASE_URL
    ? await openDatabase({ url: env.DATABASE_URL })
    : await openDatabase({ dataDir: resolve(env.TALLY_DATA_DIR) });
  await migrate(database);
  const gateway = env.STRIPE_SECRET_KEY
    ? createStripeGateway({
        secretKey: env.STRIPE_SECRET_KEY,
        ...(env.STRIPE_API_BASE ? { apiBase: env.STRIPE_API_BASE } : {}),
        maxRequestsPerSecond: stripeRequestsPerSecond(env),
        logger,
      })
    : null;
  return { env, database, catalog: catalogs[env.TALLY_CATALOG], gateway, logger };
}
