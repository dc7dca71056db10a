import { createTestPglite, PGLITE_TIMEOUT_MS, type TestPglite } from "@tally/db/testing";
import { reports } from "@tally/tier-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAccountOnPlan } from "../test-support";
import { checkEntitlement } from "./check-entitlement";
import { rebuildCounters } from "./rebuild-counters";
import { release } from "./release";
import { reserve } from "./reserve";
import { usageLog } from "./usage-log";
import { usageSummary } from "./usage-summary";

describe("the engine on the embedded database (PGlite)", { timeout: PGLITE_TIMEOUT_MS }, () => {
  let embedded: TestPglite;

  beforeAll(async () => {
    embedded = await createTestPglite();
  }, PGLITE_TIMEOUT_MS);

  afterAll(() => embedded.drop());

  it("counts, replays, blocks, releases, summarises and reconciles as on PostgreSQL", async () => {
    const now = new Date("2026-03-10T12:00:00Z");
    const { account } = await insertAccountOnPlan(embedded.db, {
      planId: "free",
      anchor: new Date("2026-03-01T00:00:00Z"),
    });
    const deps = { db: embedded.db, catalog: reports };
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
    expect(await rebuildCounters(embedded.db, { accountId: account.id })).toEqual({
      checked: 1,
      differences: [],
      repaired: 0,
    });
  });
});
