import { existsSync } from "node:fs";
import { accounts, type Database, type Subscription, subscriptions } from "@tally/db";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { eq } from "drizzle-orm";
import { builtIndex } from "./e2e-global-setup";
import { type RunningServer, startServer } from "./server-process";

/** The password of every demo person (apps/server/src/demo/seed.ts). */
export const DEMO_PASSWORD = "tally-demo-2026";

/** The demo people, one story each; see the seed for their usage. */
export const demoUsers = {
  /** Free plan: modules beyond the core group are locked. */
  ada: "ada@demo.tally.dev",
  /** Lifestyle plan at 85% of the voice minutes: an amber meter and a warning. */
  ben: "ben@demo.tally.dev",
  /** Growth plan in overage on both meters, with an ended period to invoice. */
  chloe: "chloe@demo.tally.dev",
  /** Mastery plan, unlimited minutes. */
  dev: "dev@demo.tally.dev",
  /** The platform admin. */
  admin: "admin@demo.tally.dev",
} as const;

/** The demo accounts' slugs, by the person who owns each. */
export const demoAccountSlugs = {
  ada: "demo-free",
  ben: "demo-lifestyle",
  chloe: "demo-growth",
  dev: "demo-mastery",
} as const;

export interface DemoServer {
  /** Where the dashboard and the API answer, e.g. http://127.0.0.1:41234. */
  url: string;
  /** The server's own database, for computing what the dashboard should show. */
  database: TestDatabase;
  server: RunningServer;
  stop: () => Promise<void>;
}

/**
 * `pnpm start` on a fresh database of its own with the demo seeded, serving the built dashboard.
 * One per test file; tests in a file share it and each uses a different demo person.
 */
export async function startDemoServer(): Promise<DemoServer> {
  await waitForDashboardFiles();
  const database = await createTestDatabase();
  let server: RunningServer;
  try {
    server = await startServer({
      ...process.env,
      DATABASE_URL: database.url,
      TALLY_CATALOG: "coaching",
      TALLY_SEED_DEMO: "true",
      // A fixed secret keeps the server from writing one into the repository's data directory.
      BETTER_AUTH_SECRET: "end-to-end-test-secret-0123456789abcdef",
      LOG_LEVEL: "warn",
    });
  } catch (error) {
    await database.drop();
    throw error;
  }
  const served = await fetch(`${server.url}/`).then((response) => response.text());
  if (!served.includes('id="root"')) {
    await server.stop();
    await database.drop();
    throw new Error(
      `The server does not serve the dashboard at ${server.url}/ (apps/web/dist missing?); it answered:\n${served.slice(0, 300)}`,
    );
  }
  return {
    url: server.url,
    database,
    server,
    stop: async () => {
      await server.stop();
      await database.drop();
    },
  };
}

/**
 * A build of the dashboard empties apps/web/dist for a few seconds, and a server started in that
 * moment never serves it. The global setup builds before any test, but in a shared checkout
 * someone else may be rebuilding: wait for the files rather than start without them.
 */
async function waitForDashboardFiles(): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!existsSync(builtIndex)) {
    if (Date.now() > deadline) {
      throw new Error(
        `${builtIndex} is missing: build the dashboard (pnpm --filter @tally/web build)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The id of a demo account, read from the server's database. */
export async function demoAccountId(db: Database, slug: string): Promise<string> {
  const [found] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.slug, slug));
  if (!found) throw new Error(`no demo account "${slug}": was the demo seeded?`);
  return found.id;
}

/** A demo account's subscription row as stored now. */
export async function demoSubscription(db: Database, slug: string): Promise<Subscription> {
  const accountId = await demoAccountId(db, slug);
  const [found] = await db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.accountId, accountId));
  if (!found) throw new Error(`demo account "${slug}" has no subscription`);
  return found;
}
