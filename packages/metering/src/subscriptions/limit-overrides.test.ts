import { type Database, limitOverrides } from "@tally/db";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { coaching } from "@tally/tier-config";
import { eq } from "drizzle-orm";
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
      actorUserId: admin.id,
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
      actorUserId: admin.id,
    });
    expect(await callsAllowance(accountId)).toBe("unlimited");

    expect(await clearLimitOverride(db, coaching, { accountId, meterId: "coach_calls" })).toEqual({
      cleared: true,
    });
    expect(await callsAllowance(accountId)).toBe(1);
    expect(await clearLimitOverride(db, coaching, { accountId, meterId: "coach_calls" })).toEqual({
      cleared: false,
    });
  });

  it("refuse an unknown meter, a negative, fractional or non-finite allowance and an empty reason, writing nothing", async () => {
    const { accountId, admin } = await growthAccount();
    const valid: SetLimitOverrideInput = {
      accountId,
      meterId: "coach_calls",
      allowance: 3,
      reason: "ok",
      actorUserId: admin.id,
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
    const clearUnknown = clearLimitOverride(db, coaching, { accountId, meterId: "nope" });
    await expect(clearUnknown).rejects.toMatchObject({ code: "unknown_meter" });

    const stored = await db
      .select()
      .from(limitOverrides)
      .where(eq(limitOverrides.accountId, accountId));
    expect(stored).toEqual([]);
  });
});
