import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { createStripeGateway } from "@tally/billing";
import { migrate, openDatabase, ping } from "@tally/db/client";
import { catalogs } from "@tally/tier-config";
import { createApp } from "./app";
import { resolveAuthSecret } from "./auth/auth-secret";
import { createAuth } from "./auth/create-auth";
import { promoteAdmins } from "./data/memberships";
import { seedDemo } from "./demo/seed";
import { parseEnv, stripeRequestsPerSecond } from "./env";
import { startBackgroundJobs } from "./jobs";
import { createLogger } from "./logger";
import type { BillingDeps } from "./trpc/context";

const env = parseEnv(process.env);
const logger = createLogger(env.LOG_LEVEL);
const catalog = catalogs[env.TALLY_CATALOG];
const dataDir = resolve(env.TALLY_DATA_DIR);
const baseUrl = env.BASE_URL ?? `http://${env.HOST}:${env.PORT}`;

const database = env.DATABASE_URL
  ? await openDatabase({ url: env.DATABASE_URL })
  : await openDatabase({ dataDir });
await migrate(database);
logger.info({ database: database.kind, catalog: catalog.id }, "database migrated");

const auth = createAuth({
  db: database.db,
  catalog,
  logger,
  secret: await resolveAuthSecret(env.BETTER_AUTH_SECRET, dataDir),
  baseUrl,
  adminEmails: env.TALLY_ADMIN_EMAILS,
});
if (env.TALLY_ADMIN_EMAILS.length > 0) {
  const promoted = await promoteAdmins(database.db, { emails: env.TALLY_ADMIN_EMAILS });
  logger.info({ promoted }, "platform admins from TALLY_ADMIN_EMAILS");
}

const seeded = env.TALLY_SEED_DEMO ? await seedDemo(database.db, catalog, new Date()) : null;
if (seeded) logger.info({ created: seeded.created, existing: seeded.existing }, "demo data ready");

const billing: BillingDeps = {
  stripe: env.STRIPE_SECRET_KEY
    ? createStripeGateway({
        secretKey: env.STRIPE_SECRET_KEY,
        apiBase: env.STRIPE_API_BASE,
        maxRequestsPerSecond: stripeRequestsPerSecond(env),
        logger,
      })
    : null,
  webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? null,
};
logger.info(
  { stripe: billing.stripe !== null, webhooks: billing.webhookSecret !== null },
  billing.stripe
    ? "invoices are pushed to Stripe"
    : "Stripe is not configured: invoices stay local",
);

const jobs = await startBackgroundJobs({ database, catalog, logger, stripe: billing.stripe });

const app = createApp({
  db: database.db,
  catalog,
  logger,
  auth,
  billing,
  isDatabaseReady: () => ping(database),
  webRoot: fileURLToPath(new URL("../../web/dist", import.meta.url)),
});

const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  logger.info({ port: info.port }, "listening");
  const signIns = seeded?.signIns ?? [];
  const lines = signIns.map((s) => `  ${s.email.padEnd(28)} ${s.password}   ${s.description}`);
  console.log(
    [
      "",
      `Tally is running at http://${env.HOST}:${info.port}`,
      ...(lines.length ? ["", "Demo sign-ins (email, password):", ...lines] : []),
      "",
    ].join("\n"),
  );
});

let stopping = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  // Stop taking requests, let the ones in flight finish, stop the workers, then close the database.
  await new Promise<void>((done) => server.close(() => done()));
  await jobs.stop();
  await database.close();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
