import { limitOverrides } from "@tally/db";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { coaching } from "@tally/tier-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAccountState } from "../account-state";
import { insertAccountOnPlan } from "../test-support";
import { accountStateOf } from "./account-state-of";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.drop());

describe("accountStateOf", () => {
  it("builds from rows already read exactly the state loadAccountState reads", async () => {
    const anchor = new Date("2026-01-31T09:30:00Z");
    const now = new Date("2026-03-05T12:00:00Z");
    const { account, subscription } = await insertAccountOnPlan(test.db, {
      planId: "growth",
      anchor,
    });
    await test.db.insert(limitOverrides).values([
      { accountId: account.id, meterId: "coach_calls", allowance: 3, reason: "contract" },
      { accountId: account.id, meterId: "ai_voice_seconds", allowance: null, reason: "vip" },
      { accountId: account.id, meterId: "retired_meter", allowance: 9, reason: "old" },
    ]);
    const rows = [
      { overrideMeterId: "coach_calls", overrideAllowance: 3 },
      { overrideMeterId: "ai_voice_seconds", overrideAllowance: null },
      { overrideMeterId: "retired_meter", overrideAllowance: 9 },
    ];

    expect(accountStateOf(coaching, subscription, rows, now)).toEqual(
      await loadAccountState(test.db, coaching, account.id, now),
    );
  });

  it("has no overrides from the single row a join returns without any", async () => {
    const now = new Date("2026-03-05T12:00:00Z");
    const { subscription } = await insertAccountOnPlan(test.db, {
      planId: "free",
      anchor: new Date("2026-03-01T00:00:00Z"),
    });
    const state = accountStateOf(
      coaching,
      subscription,
      [{ overrideMeterId: null, overrideAllowance: null }],
      now,
    );
    expect(state.overrides.size).toBe(0);
  });
});
