import { subscriptions } from "@tally/db";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { assistant, coaching, ide } from "@tally/tier-config";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAccountOnPlan, ledgerTotals } from "../test-support";
import { checkEntitlement } from "./check-entitlement";
import { moduleAccess } from "./module-access";
import { recordUsage } from "./record-usage";
import { reserve } from "./reserve";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.drop());

const anchor = new Date("2026-03-01T00:00:00Z");
const trialEndsAt = new Date("2026-03-08T00:00:00Z");
const afterTrial = new Date("2026-03-09T00:00:00Z");

function trialAccount(planId: string) {
  return insertAccountOnPlan(test.db, { planId, anchor, status: "trialing", trialEndsAt });
}

describe("an expired trial", () => {
  it("blocks every metered call of the assistant trial until an upgrade", async () => {
    const { account } = await trialAccount("trial");
    const deps = { db: test.db, catalog: assistant };
    const call = { accountId: account.id, quantity: 1, now: afterTrial };
    await reserve(deps, { ...call, meterId: "requests", idempotencyKey: "in-trial", now: anchor });

    for (const meterId of ["requests", "tokens"]) {
      expect(
        await reserve(deps, { ...call, meterId, idempotencyKey: `late-${meterId}` }),
      ).toMatchObject({ outcome: "block", reason: "trial_expired", eventId: null });
    }
    expect(await ledgerTotals(test.db, { accountId: account.id, meterId: "tokens" })).toEqual({
      counters: 0,
      events: 0,
      eventRows: 0,
    });

    // What the upgrade writes: a paid plan, no longer trialing.
    await test.db
      .update(subscriptions)
      .set({ planId: "pro", status: "active" })
      .where(eq(subscriptions.accountId, account.id));
    expect(
      await reserve(deps, { ...call, meterId: "requests", idempotencyKey: "upgraded" }),
    ).toMatchObject({ outcome: "allow", used: 2 });
  });

  it("still answers a retry of a call counted during the trial with its first result", async () => {
    const { account } = await trialAccount("trial");
    const deps = { db: test.db, catalog: assistant };
    const call = { accountId: account.id, meterId: "requests", quantity: 1, idempotencyKey: "k" };
    const first = await reserve(deps, { ...call, now: anchor });
    expect(await reserve(deps, { ...call, now: afterTrial })).toEqual({ ...first, replay: true });
  });

  it("leaves the ide free tier read-only: calls blocked, numbers still readable", async () => {
    // The trial ends at noon, so the call before it and the checks after it share a UTC day.
    const { account } = await insertAccountOnPlan(test.db, {
      planId: "free",
      anchor,
      status: "trialing",
      trialEndsAt: new Date("2026-03-08T12:00:00Z"),
    });
    const deps = { db: test.db, catalog: ide };
    const call = { accountId: account.id, meterId: "calls", quantity: 1 };
    await reserve(deps, {
      ...call,
      idempotencyKey: "in-trial",
      now: new Date("2026-03-08T11:00:00Z"),
    });

    const afternoon = new Date("2026-03-08T13:00:00Z");
    expect(await reserve(deps, { ...call, idempotencyKey: "late", now: afternoon })).toMatchObject({
      outcome: "block",
      reason: "read_only",
      eventId: null,
    });
    expect(await checkEntitlement(deps, { ...call, now: afternoon })).toMatchObject({
      outcome: "block",
      reason: "read_only",
      used: 1,
      allowance: 20,
      remaining: 19,
    });
  });

  it("still records measured usage that already happened, answering it as blocked", async () => {
    const { account } = await trialAccount("trial");
    const result = await recordUsage(
      { db: test.db, catalog: assistant },
      {
        accountId: account.id,
        meterId: "tokens",
        quantity: 700,
        idempotencyKey: "tokens-of-a-finished-call",
        now: afterTrial,
        mode: "measured",
      },
    );
    expect(result).toMatchObject({ outcome: "block", reason: "trial_expired", used: 700 });
    expect(result.eventId).not.toBeNull();
  });
});

describe("moduleAccess", () => {
  it("opens the modules of the plan and names the cheapest plan for the others", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    const deps = { db: test.db, catalog: coaching };
    const input = { accountId: account.id, now: afterTrial };
    expect(await moduleAccess(deps, { ...input, moduleId: "goal-setting" })).toEqual({
      allowed: true,
      moduleId: "goal-setting",
      requiredPlan: null,
    });
    expect(await moduleAccess(deps, { ...input, moduleId: "nutrition" })).toEqual({
      allowed: false,
      moduleId: "nutrition",
      requiredPlan: "lifestyle",
    });
    expect(await moduleAccess(deps, { ...input, moduleId: "negotiation" })).toMatchObject({
      allowed: false,
      requiredPlan: "mastery",
    });
  });

  it("opens nothing for an account whose access is blocked", async () => {
    const { account } = await insertAccountOnPlan(test.db, {
      planId: "mastery",
      anchor,
      status: "expired",
    });
    expect(
      await moduleAccess(
        { db: test.db, catalog: coaching },
        { accountId: account.id, moduleId: "goal-setting", now: afterTrial },
      ),
    ).toMatchObject({ allowed: false });
  });

  it("refuses a module the catalog does not have", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    await expect(
      moduleAccess(
        { db: test.db, catalog: coaching },
        { accountId: account.id, moduleId: "nutriton", now: afterTrial },
      ),
    ).rejects.toMatchObject({ code: "unknown_module", details: { moduleId: "nutriton" } });
  });
});
