import { limitOverrides } from "@tally/db";
import { createTestDatabase, insertAccount, type TestDatabase } from "@tally/db/testing";
import { coaching, ide, LIFETIME_PERIOD, reports } from "@tally/tier-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountStateAt, entitlementOf, loadAccountState } from "./account-state";
import { insertAccountOnPlan } from "./test-support";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.drop());

const anchor = new Date("2026-01-31T09:30:00Z");
const now = new Date("2026-03-05T12:00:00Z");

describe("loadAccountState", () => {
  it("reads the subscription, its plan as of now, and every limit override together", async () => {
    const { account, subscription } = await insertAccountOnPlan(test.db, {
      planId: "growth",
      anchor,
    });
    await test.db.insert(limitOverrides).values([
      { accountId: account.id, meterId: "coach_calls", allowance: 3, reason: "contract" },
      { accountId: account.id, meterId: "ai_voice_seconds", allowance: null, reason: "vip" },
    ]);

    const state = await loadAccountState(test.db, coaching, account.id, now);
    expect(state.subscription).toEqual(subscription);
    expect(state.plan).toMatchObject({ planId: "growth", access: "full", anchor });
    expect(state.overrides).toEqual(
      new Map<string, number | "unlimited">([
        ["coach_calls", 3],
        ["ai_voice_seconds", "unlimited"],
      ]),
    );
    expect(state.asOf).toBe(now);
  });

  it("ignores an override for a meter the catalog no longer has", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    await test.db
      .insert(limitOverrides)
      .values({ accountId: account.id, meterId: "retired_meter", allowance: 5, reason: "old" });
    const state = await loadAccountState(test.db, coaching, account.id, now);
    expect(state.overrides.size).toBe(0);
  });

  it("refuses an account without a subscription", async () => {
    const account = await insertAccount(test.db);
    await expect(loadAccountState(test.db, coaching, account.id, now)).rejects.toMatchObject({
      code: "no_subscription",
      details: { accountId: account.id },
    });
  });
});

describe("entitlementOf", () => {
  it("replaces the plan's allowance with the account's override", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    await test.db
      .insert(limitOverrides)
      .values({ accountId: account.id, meterId: "reports", allowance: 200, reason: "sales deal" });
    const state = await loadAccountState(test.db, reports, account.id, now);
    expect(entitlementOf(reports, state, "reports")).toMatchObject({
      allowance: 200,
      overage: { kind: "grace", graceRatio: "1.10" },
      thresholdsPercent: [80, 100],
    });
  });

  it("counts billing-period meters from the anchor, clamping month ends", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "lifestyle", anchor });
    const state = await loadAccountState(test.db, coaching, account.id, now);
    expect(entitlementOf(coaching, state, "ai_voice_seconds")).toMatchObject({
      period: {
        start: new Date("2026-02-28T09:30:00Z"),
        end: new Date("2026-03-31T09:30:00Z"),
      },
      lifetime: false,
    });
  });

  it("counts calendar-month, daily and one-time meters in their own periods", async () => {
    const onReports = await insertAccountOnPlan(test.db, { planId: "pro", anchor });
    const reportsState = await loadAccountState(test.db, reports, onReports.account.id, now);
    expect(entitlementOf(reports, reportsState, "reports").period).toEqual({
      start: new Date("2026-03-01T00:00:00Z"),
      end: new Date("2026-04-01T00:00:00Z"),
    });

    const onIde = await insertAccountOnPlan(test.db, { planId: "pro", anchor });
    const ideState = await loadAccountState(test.db, ide, onIde.account.id, now);
    expect(entitlementOf(ide, ideState, "calls").period).toEqual({
      start: new Date("2026-03-05T00:00:00Z"),
      end: new Date("2026-03-06T00:00:00Z"),
    });

    const onFree = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    const freeState = await loadAccountState(test.db, coaching, onFree.account.id, now);
    expect(entitlementOf(coaching, freeState, "ai_voice_seconds")).toMatchObject({
      period: LIFETIME_PERIOD,
      lifetime: true,
    });
  });
});

describe("accountStateAt", () => {
  it("reuses a state read for the same account and instant, and reads one otherwise", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "growth", anchor });
    const known = await loadAccountState(test.db, coaching, account.id, now);
    const reused = await accountStateAt(test.db, coaching, { accountId: account.id, now, known });
    expect(reused).toBe(known);
    const read = await accountStateAt(test.db, coaching, {
      accountId: account.id,
      now,
      known: undefined,
    });
    expect(read).not.toBe(known);
    expect(read).toEqual(known);
  });

  it("refuses a state read for another account or another instant", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "growth", anchor });
    const { account: other } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    const known = await loadAccountState(test.db, coaching, account.id, now);
    await expect(
      accountStateAt(test.db, coaching, { accountId: other.id, now, known }),
    ).rejects.toThrow(/not for/);
    await expect(
      accountStateAt(test.db, coaching, {
        accountId: account.id,
        now: new Date(now.getTime() + 1),
        known,
      }),
    ).rejects.toThrow(/not for/);
  });
});
