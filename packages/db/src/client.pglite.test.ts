import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, migrate, openDatabase, ping } from "./client";
import { accounts, usageCounters } from "./schema";
import { constraintViolatedBy, insertAccount } from "./testing";

// PGlite's first open compiles its WebAssembly, which takes 5–11 s; the file shares one instance.
const PGLITE_TIMEOUT_MS = 60_000;

describe("the embedded database (PGlite)", { timeout: PGLITE_TIMEOUT_MS }, () => {
  let dataDir: string;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "tally-pglite-"));
    handle = await openDatabase({ dataDir: join(dataDir, "db") });
    await migrate(handle);
  }, PGLITE_TIMEOUT_MS);

  afterAll(async () => {
    await handle.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("runs the same migrations and round-trips an account and its counter", async () => {
    expect(handle.kind).toBe("pglite");
    expect(await ping(handle)).toBe(true);

    const account = await insertAccount(handle.db, { name: "Embedded" });
    const periodStart = new Date("2026-03-01T00:00:00Z");
    const periodEnd = new Date("2026-04-01T00:00:00Z");
    await handle.db
      .insert(usageCounters)
      .values({ accountId: account.id, meterId: "coach_calls", periodStart, periodEnd, used: 3 });

    const [stored] = await handle.db
      .select({
        name: accounts.name,
        used: usageCounters.used,
        periodEnd: usageCounters.periodEnd,
      })
      .from(usageCounters)
      .innerJoin(accounts, eq(accounts.id, usageCounters.accountId))
      .where(eq(usageCounters.accountId, account.id));
    expect(stored).toEqual({ name: "Embedded", used: 3, periodEnd });
  });

  it("reports violated constraints by name, as on PostgreSQL", async () => {
    const account = await insertAccount(handle.db);
    const copy = handle.db.insert(accounts).values({ name: "Copy", slug: account.slug });
    expect(await constraintViolatedBy(copy)).toBe("accounts_slug_unique");
  });
});
