import { type Database, limitOverrides, subscriptionEvents } from "@tally/db";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { coaching } from "@tally/tier-config";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entitlementOf, loadAccountState } from "../account-state";
import { MeteringError } from "../errors";
import { clearLimitOverride } from "./clear-limit-override";
import { createAccount } from "./create-account";
import { type SetLimitOverrideInput, setLimitOverride } from "./set-limit-override";
import { insertUser } from "./test-fixtures";

let test: TestDatabase;
let db: Database;
beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
});
afterAll(() => test.drop());

const NOW = new Date("2025-01-10T09:00:00Z");

async function growthAccount() {
  const owner = await insertUser(db);
  const admin = await insertUser(db, { role: "admin" });
  const { account } = await createAccount(db, coaching, {
    name: "Override",
    ownerUserId: owner.id,
    planId: "growth",
    now: NOW,
  });
  return { accountId: account.id, admin };
}

async function callsAllowance(accountId: string) {
  const state = await loadAccountState(db, coaching, accountId, NOW);
  return entitlementOf(coaching, state, "coach_calls").allowance;
}

describe("limit overrides", () => {
  it("replace the plan's allowance until cleared, with who set them and why", async () => {
    const { accountId, admin } = await growthAccount();
    expect(await callsAllowance(accountId)).toBe(1);

    const stored = await setLimitOverride(db, coaching, {
      accountId,
      meterId: "coach_calls",
      allowance: 6,
      reason: "enterprise pilot",
      actor: { userId: admin.id, isAdmin: true },
    });
    expect(stored).toMatchObject({
      allowance: 6,
      reason: "enterprise pilot",
      createdByUserId: admin.id,
    });
    expect(await callsAllowance(accountId)).toBe(6);

    await setLimitOverride(db, coaching, {
      accountId,
      meterId: "coach_calls",
      allowance: "unlimited",
      reason: "pilot extended",
      actor: { userId: admin.id, isAdmin: true },
    });
    expect(await callsAllowance(accountId)).toBe("unlimited");

    const clear = {
      accountId,
      meterId: "coach_calls",
      reason: "pilot over",
      actor: { userId: admin.id, isAdmin: true },
    };
    expect(await clearLimitOverride(db, coaching, clear)).toEqual({ cleared: true });
    expect(await callsAllowance(accountId)).toBe(1);
    expect(await clearLimitOverride(db, coaching, clear)).toEqual({ cleared: false });
  });

  it("write every set and clear to the subscription history, with actor, admin flag and reason", async () => {
    const { accountId, admin } = await growthAccount();
    const actor = { userId: admin.id, isAdmin: true };
    await setLimitOverride(db, coaching, {
      accountId,
      meterId: "ai_voice_seconds",
      allowance: 36_000,
      reason: "conference week",
      actor,
    });
    await clearLimitOverride(db, coaching, {
      accountId,
      meterId: "ai_voice_seconds",
      reason: "conference over",
      actor,
    });

    const history = await db
      .select()
      .from(subscriptionEvents)
      .where(eq(subscriptionEvents.accountId, accountId))
      .orderBy(asc(subscriptionEvents.createdAt));
    const overrides = history.filter((event) => event.action.startsWith("limit_override"));
    expect(overrides).toMatchObject([
      {
        action: "limit_override_set",
        actorUserId: admin.id,
        isAdminAction: true,
        reason: "conference week",
        details: { meterId: "ai_voice_seconds", allowance: 36_000 },
        fromPlanId: "growth",
        toPlanId: "growth",
      },
      {
        action: "limit_override_cleared",
        actorUserId: admin.id,
        isAdminAction: true,
        reason: "conference over",
        details: { meterId: "ai_voice_seconds" },
      },
    ]);
  });

  it("refuse an unknown meter, a negative, fractional or non-finite allowance and an empty reason, writing nothing", async () => {
    const { accountId, admin } = await growthAccount();
    const valid: SetLimitOverrideInput = {
      accountId,
      meterId: "coach_calls",
      allowance: 3,
      reason: "ok",
      actor: { userId: admin.id, isAdmin: true },
    };
    const attempts: [Partial<SetLimitOverrideInput>, string][] = [
      [{ meterId: "coach_minutes" }, "unknown_meter"],
      [{ allowance: -1 }, "invalid_quantity"],
      [{ allowance: 1.5 }, "invalid_quantity"],
      [{ allowance: Number.NaN }, "invalid_quantity"],
      [{ allowance: Number.POSITIVE_INFINITY }, "invalid_quantity"],
      [{ allowance: 2 ** 60 }, "invalid_quantity"],
      [{ reason: "" }, "invalid_input"],
      [{ reason: "  \n" }, "invalid_input"],
      [{ accountId: "00000000-0000-4000-8000-000000000000" }, "no_subscription"],
    ];
    for (const [change, code] of attempts) {
      const error = await setLimitOverride(db, coaching, { ...valid, ...change }).then(
        () => undefined,
        (rejection: unknown) => rejection,
      );
      expect(error).toBeInstanceOf(MeteringError);
      expect(error).toMatchObject({ code });
    }
    const clearUnknown = clearLimitOverride(db, coaching, {
      accountId,
      meterId: "nope",
      reason: "ok",
      actor: { userId: admin.id, isAdmin: true },
    });
    await expect(clearUnknown).rejects.toMatchObject({ code: "unknown_meter" });

    const stored = await db
      .select()
      .from(limitOverrides)
      .where(eq(limitOverrides.accountId, accountId));
    expect(stored).toEqual([]);
  });
});
