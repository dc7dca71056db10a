import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { coaching, membership } from "@tally/tier-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAccountOnPlan } from "../test-support";
import { recordUsage } from "./record-usage";
import { usageSummary } from "./usage-summary";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.drop());

const anchor = new Date("2026-03-01T00:00:00Z");
// 10 of March's 31 days gone.
const now = new Date("2026-03-11T00:00:00Z");

describe("usageSummary", () => {
  it("prices the overage so far and at the current pace, capped for Lifestyle", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "lifestyle", anchor });
    const deps = { db: test.db, catalog: coaching };
    // 7200 included seconds plus 90 more: two started minutes at $0.10.
    await recordUsage(deps, {
      accountId: account.id,
      meterId: "ai_voice_seconds",
      quantity: 7290,
      idempotencyKey: "voice",
      now,
      mode: "measured",
    });

    const [voice, calls] = await usageSummary(deps, { accountId: account.id, now });
    expect(voice).toMatchObject({
      meterId: "ai_voice_seconds",
      name: "AI voice minutes",
      unit: "second",
      display: { unit: "minute", perStoredUnits: 60 },
      used: 7290,
      allowance: 7200,
      hardLimit: null,
      ratioBasisPoints: 10_125,
      alertLevel: 100,
      periodStart: anchor,
      resetsAt: new Date("2026-04-01T00:00:00Z"),
      overage: { overageUnits: 90, billableUnits: 2, amountCents: 20, capped: false },
      // 7290 × 31 / 10 = 22599 seconds: 15399 over, 257 started minutes, $25.70 capped at $20.
      projected: {
        used: 22_599,
        overage: { billableUnits: 257, uncappedCents: 2570, amountCents: 2000, capped: true },
      },
    });
    expect(calls).toMatchObject({
      meterId: "coach_calls",
      used: 0,
      allowance: 0,
      hardLimit: 0,
      ratioBasisPoints: null,
      alertLevel: null,
      projected: { used: 0 },
    });
  });

  it("does not project a one-time allowance", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    const deps = { db: test.db, catalog: coaching };
    await recordUsage(deps, {
      accountId: account.id,
      meterId: "ai_voice_seconds",
      quantity: 300,
      idempotencyKey: "voice",
      now,
    });
    const [voice] = await usageSummary(deps, { accountId: account.id, now });
    expect(voice).toMatchObject({
      used: 300,
      resetsAt: null,
      alertLevel: null,
      projected: { used: 300, overage: { amountCents: 0 } },
    });
  });

  it("has nothing to list for a catalog without meters", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "pro", anchor });
    expect(
      await usageSummary({ db: test.db, catalog: membership }, { accountId: account.id, now }),
    ).toEqual([]);
  });
});
