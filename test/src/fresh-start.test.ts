import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppRouter } from "@tally/server";
import { createTRPCClient, httpLink } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "./support/server-process";

/**
 * The README's promise: on a fresh clone, `pnpm start` with no DATABASE_URL runs on the embedded
 * database, seeds the demo, and answers; a restart keeps the data and seeds nothing twice.
 */
describe("pnpm start on the embedded database", () => {
  let dataDir: string;
  let server: RunningServer | undefined;
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const env = () => ({ ...inherited, TALLY_DATA_DIR: dataDir, LOG_LEVEL: "info" });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "tally-fresh-"));
  });

  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("answers /health and /ready, and serves the coaching plans", async () => {
    const startedAt = Date.now();
    server = await startServer(env());
    console.log(`first start answered /health after ${Date.now() - startedAt} ms`);

    expect((await fetch(`${server.url}/ready`)).status).toBe(200);
    expect(server.output()).toContain(`Tally is running at ${server.url}`);
    expect(server.output()).toContain('"database":"pglite"');

    const client = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${server.url}/trpc` })],
    });
    const { plans } = await client.plans.list.query();
    expect(plans.map((plan) => plan.id)).toEqual(["free", "lifestyle", "growth", "mastery"]);
  });

  it("prints the demo sign-ins, which work on the embedded database", async () => {
    const output = server?.output() ?? "";
    expect(output).toContain("Demo sign-ins");
    expect(output).toMatch(/ben@demo\.tally\.dev\s+tally-demo-2026/);
    const signIn = await fetch(`${server?.url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "ben@demo.tally.dev", password: "tally-demo-2026" }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.getSetCookie()[0]?.split(";")[0] ?? "";
    const client = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${server?.url}/trpc`, headers: { cookie } })],
    });
    const current = await client.accounts.current.query();
    expect(current).toMatchObject({ account: { slug: "demo-lifestyle" }, role: "owner" });
    // The generated session secret is kept, so this session survives the restart below.
    expect((await readFile(join(dataDir, "auth-secret"), "utf8")).length).toBeGreaterThan(30);
  });

  it("keeps the demo data across a restart without seeding it twice", async () => {
    expect(server?.output()).toContain(
      '"created":["demo-free","demo-lifestyle","demo-growth","demo-mastery"]',
    );
    await server?.stop();
    server = await startServer(env());
    expect(server.output()).toContain('"created":[]');
    expect(server.output()).toContain(
      '"existing":["demo-free","demo-lifestyle","demo-growth","demo-mastery"]',
    );
  });
});
