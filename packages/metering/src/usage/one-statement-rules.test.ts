import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { crossedAlerts, hardLimitFor, LIFETIME_PERIOD } from "@tally/tier-config";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountEntitlement } from "../account-state";
import { alertLines } from "./alert-lines";
import { decisionSql } from "./count-in-one-statement";
import { countedDecision } from "./usage-result";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.drop());

/** Entitlements covering every branch of `decide`: each policy, zero, unlimited, a cap. */
const entitlements: Record<string, AccountEntitlement> = Object.fromEntries(
  (
    [
      ["block at 20", { allowance: 20, overage: { kind: "block" } }],
      ["block at 0", { allowance: 0, overage: { kind: "block" } }],
      ["grace 50 x 1.10", { allowance: 50, overage: { kind: "grace", graceRatio: "1.10" } }],
      [
        "per minute, capped",
        {
          allowance: 7200,
          overage: {
            kind: "per_unit",
            unitPriceCentsDecimal: "8",
            billingUnitSize: 60,
            capCents: 500,
          },
        },
      ],
      [
        "per call",
        {
          allowance: 1,
          overage: { kind: "per_unit", unitPriceCentsDecimal: "2500", billingUnitSize: 1 },
        },
      ],
      ["unlimited", { allowance: "unlimited", overage: { kind: "block" } }],
    ] as const
  ).map(([name, entitlement]) => [
    name,
    {
      ...entitlement,
      thresholdsPercent: [80, 100],
      period: LIFETIME_PERIOD,
      lifetime: true,
    } as AccountEntitlement,
  ]),
);

/** Counter positions around every boundary of an entitlement, and a few far past them. */
function positionsAround(meter: AccountEntitlement): number[] {
  const allowance = meter.allowance === "unlimited" ? 100 : meter.allowance;
  const marks = [
    0,
    1,
    allowance,
    hardLimitFor(meter) ?? allowance,
    ...alertLines(meter, meter.thresholdsPercent),
  ];
  const positions = new Set<number>();
  for (const mark of marks) {
    for (let delta = -3; delta <= 3; delta++) positions.add(Math.max(0, mark + delta));
  }
  for (const far of [allowance * 2 + 7, allowance * 10 + 1, 1_000_000_000_000]) positions.add(far);
  return [...positions].sort((a, b) => a - b);
}

describe("the one-statement recording path", () => {
  for (const [name, meter] of Object.entries(entitlements)) {
    it(`answers what decide answers for counted usage (${name})`, async () => {
      const hardLimit = hardLimitFor(meter);
      for (const usedAfter of positionsAround(meter)) {
        if (usedAfter === 0 || (hardLimit !== null && usedAfter > hardLimit)) continue;
        for (const quantity of [1, Math.min(usedAfter, 7)]) {
          const expected = countedDecision(meter, usedAfter - quantity, quantity, "full");
          const result = await test.db.execute(
            sql`select ${decisionSql(meter, hardLimit, sql`${usedAfter}::bigint`)} as decision`,
          );
          const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
            decision: unknown;
          }[];
          expect(rows[0]?.decision, `used ${usedAfter}`).toEqual(expected);
        }
      }
    });

    it(`writes no increment that crosses an alert without a line inside it (${name})`, () => {
      const lines = alertLines(meter, meter.thresholdsPercent);
      for (const before of positionsAround(meter)) {
        for (const quantity of [1, 2, 5, 59, 60, 61, 1000]) {
          const after = before + quantity;
          const crossesLine = lines.some((line) => line > before && line <= after);
          const alerts = crossedAlerts({
            usedBefore: before,
            usedAfter: after,
            entitlement: meter,
            thresholdsPercent: meter.thresholdsPercent,
          });
          if (!crossesLine) expect(alerts, `${before} -> ${after}`).toEqual([]);
        }
      }
    });
  }
});
