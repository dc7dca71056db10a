import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { coaching, crossedAlerts, hardLimitFor, LIFETIME_PERIOD } from "@tally/tier-config";
import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountEntitlement } from "../account-state";
import { insertAccountOnPlan } from "../test-support";
import { alertLines } from "./alert-lines";
import {
  decisionNumbersOf,
  decisionParameters,
  decisionSql,
  type OneStatementInput,
} from "./count-in-one-statement";
import { inputDecisionTerms, inputRelation, inputRowOf } from "./count-together";
import { recordUsage } from "./record-usage";
import { countedDecision } from "./usage-result";

const anchor = new Date("2026-03-01T00:00:00Z");
const now = new Date("2026-03-10T12:00:00Z");

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

/** Rows of a raw statement: postgres.js answers with the rows, PGlite with `{ rows }`. */
async function rowsOf(query: SQL): Promise<{ decision: unknown }[]> {
  const result = await test.db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
    decision: unknown;
  }[];
}

/** A counted position `usedAfter` of a meter, reached by `quantity`, with what decide answers. */
interface Position {
  usedAfter: number;
  quantity: number;
  expected: unknown;
}

function countedPositions(meter: AccountEntitlement): Position[] {
  const hardLimit = hardLimitFor(meter);
  return positionsAround(meter)
    .filter((usedAfter) => usedAfter > 0 && (hardLimit === null || usedAfter <= hardLimit))
    .flatMap((usedAfter) =>
      [1, Math.min(usedAfter, 7)].map((quantity) => ({
        usedAfter,
        quantity,
        expected: countedDecision(meter, usedAfter - quantity, quantity, "full"),
      })),
    );
}

describe("the one-statement recording path", () => {
  for (const [name, meter] of Object.entries(entitlements)) {
    it(`answers what decide answers for counted usage (${name})`, async () => {
      const terms = decisionParameters(decisionNumbersOf(meter));
      for (const { usedAfter, expected } of countedPositions(meter)) {
        const rows = await rowsOf(
          sql`select ${decisionSql(terms, sql`${usedAfter}::bigint`)} as decision`,
        );
        expect(rows[0]?.decision, `used ${usedAfter}`).toEqual(expected);
      }
    });

    it(`answers the same from a group's input rows, each with its own numbers (${name})`, async () => {
      // One grouped input over every position: a row's quantity stands for its counter's new
      // value, so the rows carry the meter's numbers exactly as the grouped statement reads them.
      const positions = countedPositions(meter);
      const inputs = positions.map(
        ({ usedAfter }, index): OneStatementInput => ({
          event: {
            accountId: "00000000-0000-4000-8000-000000000001",
            meterId: "m",
            kind: "usage",
            periodStart: meter.period.start,
            quantity: usedAfter,
            idempotencyKey: `k${index}`,
          },
          meter,
        }),
      );
      const rows = await rowsOf(
        sql`select ${decisionSql(inputDecisionTerms, sql`i.quantity`)} as decision
          from ${inputRelation(inputs.map(inputRowOf))} order by i.ordinal`,
      );
      expect(rows.map((row) => row.decision)).toEqual(positions.map((p) => p.expected));
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

describe("measured usage past a hard limit", () => {
  it("is answered as blocked on every path, as decide answers it", async () => {
    // Coaching's free plan blocks at 900 lifetime seconds; measured usage is counted anyway.
    const { account } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    const deps = { db: test.db, catalog: coaching };
    const call = {
      accountId: account.id,
      meterId: "ai_voice_seconds",
      now,
      mode: "measured" as const,
    };
    // The first report crosses the alert lines, so the recording transaction counts it; the
    // second crosses none, so without the hard limit as its guard one statement would count it.
    await recordUsage(deps, { ...call, quantity: 950, idempotencyKey: "long-call" });
    const past = await recordUsage(deps, { ...call, quantity: 10, idempotencyKey: "past" });
    expect(past).toMatchObject({
      outcome: "block",
      reason: "limit_reached",
      used: 960,
      hardLimit: 900,
      remaining: 0,
      eventId: expect.any(Number),
    });
  });
});
