import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { coaching } from "@tally/tier-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing/test-app";

let database: TestDatabase;
let webRoot: string;

beforeAll(async () => {
  database = await createTestDatabase();
  webRoot = await mkdtemp(join(tmpdir(), "tally-web-"));
  await mkdir(join(webRoot, "assets"));
  await writeFile(join(webRoot, "index.html"), "<!doctype html><title>Tally</title>");
  await writeFile(join(webRoot, "assets", "overview-1a2b3c.js"), "export const page = 1;");
  await writeFile(join(webRoot, "favicon.svg"), "<svg/>");
});

afterAll(async () => {
  await rm(webRoot, { recursive: true, force: true });
  await database.drop();
});

function dashboardApp() {
  return createTestApp(database, coaching, { webRoot }).app;
}

describe("the dashboard on the API's port", () => {
  it.each(["/", "/usage", "/admin/accounts/42"])(
    "answers the client route %s with the app",
    async (path) => {
      const response = await dashboardApp().request(path);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("<title>Tally</title>");
      expect(response.headers.get("cache-control")).toBe("no-cache");
    },
  );

  it("caches hashed assets for a year", async () => {
    const response = await dashboardApp().request("/assets/overview-1a2b3c.js");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("page = 1");
    expect(response.headers.get("cache-control")).toContain("immutable");
  });

  it("serves other built files as they are", async () => {
    const response = await dashboardApp().request("/favicon.svg");
    expect(await response.text()).toBe("<svg/>");
  });

  it("leaves the server's own paths to the server", async () => {
    const app = dashboardApp();
    expect(await (await app.request("/health")).json()).toEqual({ status: "ok" });
    expect((await app.request("/webhooks/stripe")).status).toBe(404);
    expect((await app.request("/api/unknown")).status).toBe(404);
    expect((await app.request("/assets/missing.js")).status).toBe(404);
  });

  it("mounts nothing when the dashboard is not built", async () => {
    const app = createTestApp(database, coaching, { webRoot: join(webRoot, "missing") }).app;
    expect((await app.request("/usage")).status).toBe(404);
  });
});
