import { resolve } from "node:path";
import { serve } from "@hono/node-server";
import { migrate, openDatabase, ping } from "@tally/db/client";
import { catalogs } from "@tally/tier-config";
import { createApp } from "./app";
import { seedDemo } from "./demo/seed";
import { parseEnv } from "./env";
import { createLogger } from "./logger";

const env = parseEnv(process.env);
const logger = createLogger(env.LOG_LEVEL);
const catalog = catalogs[env.TALLY_CATALOG];

const database = env.DATABASE_URL
  ? await openDatabase({ url: env.DATABASE_URL })
  : await openDatabase({ dataDir: resolve(env.TALLY_DATA_DIR) });
await migrate(database);
logger.info({ database: database.kind, catalog: catalog.id }, "database migrated");

if (env.TALLY_SEED_DEMO) {
  const seeded = await seedDemo(database.db, catalog, new Date());
  logger.info(seeded, "demo data ready");
}

const app = createApp({
  db: database.db,
  catalog,
  logger,
  isDatabaseReady: () => ping(database),
});

const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  logger.info({ port: info.port }, "listening");
  console.log(`\nTally is running at http://${env.HOST}:${info.port}\n`);
});

let stopping = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  // Stop taking requests, let the ones in flight finish, then close the database.
  await new Promise<void>((done) => server.close(() => done()));
  await database.close();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
