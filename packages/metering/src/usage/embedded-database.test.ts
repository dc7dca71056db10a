import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DatabaseHandle, migrate, openDatabase } from "@tally/db/client";
import { reports } from "@tally/tier-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAccountOnPlan } from "../test-support";
import { checkEntitlement } from "./check-entitlement";
import { rebuildCounters } from "./rebuild-counters";
import { release } from "./release";
import { reserve } from "./reserve";
import { usageLog } from "./usage-log";
import { usageSummary } from "./usage-summary";

// PGlite's first open compiles its WebAssembly, which takes several seconds.
const PGLITE_TIMEOUT_MS = 60_000;

describe("the engine on the embedded database (PGlite)", { timeout: PGLITE_TIMEOUT_MS }, () => {
  let dataDir: string;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "tally-metering-pglite-"));
    handle = await openDatabase({ dataDir: join(dataDir, "db") });
    await migrate(handle);
  }, PGLITE_TIMEOUT_MS);

  afterAll(async () => {
    await handle.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("counts, replays, blocks, releases, summarises and reconciles as on PostgreSQL", async () => {
    const now = new Date("2026-03-10T12:00:00Z");
    const { account } = await insertAccountOnPlan(handle.db, {
      planId: "free",
      anchor: new Date("2026-03-01T00:00:00Z"),
    });
    const deps = { db: handle.db, catalog: reports };
    const call = { accountId: account.id, meterId: "reports", now };

    const first = await reserve(deps, { ...call, quantity: 40, idempotencyKey: "a" });
    expect(first).toMatchObject({ outcome: "warn", used: 40, alerts: [{ thresholdPercent: 80 }] });
    expect(await reserve(deps, { ...call, quantity: 40, idempotencyKey: "a" })).toEqual({
      ...first,
      replay: true,
    });
    const rest = await reserve(deps, { ...call, quantity: 15, idempotencyKey: "b" });
    expect(rest).toMatchObject({ used: 55 });
    expect(await reserve(deps, { ...call, quantity: 1, idempotencyKey: "c" })).toMatchObject({
      outcome: "block",
      used: 55,
    });
    expect(await release(deps, { accountId: account.id, eventId: rest.eventId!, now })).toEqual({
      released: true,
    });

    expect(await checkEntitlement(deps, call)).toMatchObject({ used: 40 });
    expect(await usageSummary(deps, { accountId: account.id, now })).toMatchObject([
      { meterId: "reports", used: 40, alertLevel: 80 },
    ]);
    expect((await usageLog(deps, { accountId: account.id, limit: 10 })).items).toHaveLength(3);
    expect(await rebuildCounters(handle.db, { accountId: account.id })).toEqual({
      checked: 1,
      differences: [],
      repaired: 0,
    });
  });
});
