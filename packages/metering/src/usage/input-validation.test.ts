import { createTestDatabase, insertAccount, type TestDatabase } from "@tally/db/testing";
import { coaching } from "@tally/tier-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAccountOnPlan, ledgerTotals } from "../test-support";
import { checkEntitlement } from "./check-entitlement";
import { recordUsage } from "./record-usage";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.drop());

const anchor = new Date("2026-03-01T00:00:00Z");
const now = new Date("2026-03-10T12:00:00Z");

describe("bad input writes nothing", () => {
  const badQuantities: [string, unknown, string][] = [
    ["negative", -5, "-5"],
    ["zero", 0, "0"],
    ["fractional", 1.5, "1.5"],
    ["NaN", Number.NaN, "NaN"],
    ["Infinity", Number.POSITIVE_INFINITY, "Infinity"],
    ["beyond MAX_SAFE_INTEGER", Number.MAX_SAFE_INTEGER + 1, "9007199254740992"],
    ["a numeric string", "5", '"5"'],
    ["null", null, "null"],
    ["a bigint", 5n, "5n"],
  ];

  it.each(badQuantities)("refuses a %s quantity, naming it", async (_name, quantity, shown) => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "lifestyle", anchor });
    const call = {
      accountId: account.id,
      meterId: "ai_voice_seconds",
      quantity: quantity as number,
      idempotencyKey: "bad",
      now,
    };
    await expect(recordUsage({ db: test.db, catalog: coaching }, call)).rejects.toMatchObject({
      code: "invalid_quantity",
      details: { quantity: shown },
      message: expect.stringContaining(shown),
    });
    await expect(checkEntitlement({ db: test.db, catalog: coaching }, call)).rejects.toMatchObject({
      code: "invalid_quantity",
    });
    expect(
      await ledgerTotals(test.db, { accountId: account.id, meterId: "ai_voice_seconds" }),
    ).toEqual({ counters: 0, events: 0, eventRows: 0 });
  });

  it("refuses a meter the catalog does not have, including inherited property names", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "lifestyle", anchor });
    for (const meterId of ["ai_voice_minutes", "toString", "__proto__"]) {
      await expect(
        recordUsage(
          { db: test.db, catalog: coaching },
          { accountId: account.id, meterId, quantity: 1, idempotencyKey: meterId, now },
        ),
      ).rejects.toMatchObject({ code: "unknown_meter", details: { meterId } });
      expect(await ledgerTotals(test.db, { accountId: account.id, meterId })).toEqual({
        counters: 0,
        events: 0,
        eventRows: 0,
      });
    }
  });

  it("refuses an empty or oversized idempotency key", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "lifestyle", anchor });
    for (const idempotencyKey of ["", "k".repeat(256)]) {
      await expect(
        recordUsage(
          { db: test.db, catalog: coaching },
          { accountId: account.id, meterId: "ai_voice_seconds", quantity: 1, idempotencyKey, now },
        ),
      ).rejects.toMatchObject({ code: "invalid_input", details: { field: "idempotencyKey" } });
    }
  });

  it("refuses an account without a subscription", async () => {
    const account = await insertAccount(test.db);
    await expect(
      recordUsage(
        { db: test.db, catalog: coaching },
        { accountId: account.id, meterId: "coach_calls", quantity: 1, idempotencyKey: "x", now },
      ),
    ).rejects.toMatchObject({ code: "no_subscription" });
  });

  it("refuses an invalid clock", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "lifestyle", anchor });
    await expect(
      recordUsage(
        { db: test.db, catalog: coaching },
        {
          accountId: account.id,
          meterId: "coach_calls",
          quantity: 1,
          idempotencyKey: "x",
          now: new Date(Number.NaN),
        },
      ),
    ).rejects.toMatchObject({ code: "invalid_input", details: { field: "now" } });
  });
});
