import { usageAlerts } from "@tally/db";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { coaching, reports } from "@tally/tier-config";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAccountOnPlan, openPools } from "../test-support";
import { recordUsage } from "../usage/record-usage";
import { release } from "../usage/release";
import { reserve } from "../usage/reserve";
import { listAlerts } from "./list-alerts";
import { markAlertsRead } from "./mark-alerts-read";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.drop());

const anchor = new Date("2026-03-01T00:00:00Z");
const now = new Date("2026-03-10T12:00:00Z");

async function alertsOf(accountId: string) {
  const rows = await test.db.select().from(usageAlerts).where(eq(usageAlerts.accountId, accountId));
  return rows
    .map(
      (row) => `${row.periodStart.toISOString().slice(0, 7)} ${row.kind} ${row.thresholdPercent}`,
    )
    .sort();
}

describe("one alert per threshold per period", () => {
  it("raises 80% and 100% once each as usage climbs one report at a time, and again next period", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    const deps = { db: test.db, catalog: reports };
    const raisedAt: Record<number, string[]> = {};
    for (const [month, now] of [
      ["03", new Date("2026-03-15T00:00:00Z")],
      ["04", new Date("2026-04-15T00:00:00Z")],
    ] as const) {
      for (let index = 1; index <= 56; index += 1) {
        const result = await reserve(deps, {
          accountId: account.id,
          meterId: "reports",
          quantity: 1,
          idempotencyKey: `${month}-${index}`,
          now,
        });
        for (const alert of result.alerts) {
          raisedAt[result.used] = [
            ...(raisedAt[result.used] ?? []),
            `${month} ${alert.thresholdPercent}`,
          ];
        }
      }
    }
    expect(raisedAt).toEqual({ 40: ["03 80", "04 80"], 50: ["03 100", "04 100"] });
    expect(await alertsOf(account.id)).toEqual([
      "2026-03 usage_threshold 100",
      "2026-03 usage_threshold 80",
      "2026-04 usage_threshold 100",
      "2026-04 usage_threshold 80",
    ]);
  });

  it("raises each threshold once when 50 concurrent calls cross 80% and 100% together", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    const pools = await openPools(test.url, { count: 3, max: 6 });
    let results: Awaited<ReturnType<typeof reserve>>[];
    try {
      // From 39 of 50, one report each: the 40th crosses 80%, the 50th 100%, the 56th is blocked.
      await reserve(
        { db: test.db, catalog: reports },
        {
          accountId: account.id,
          meterId: "reports",
          quantity: 39,
          idempotencyKey: "warm-up",
          now,
        },
      );
      results = await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          reserve(
            { db: pools.dbs[index % 3] ?? test.db, catalog: reports },
            {
              accountId: account.id,
              meterId: "reports",
              quantity: 1,
              idempotencyKey: `c-${index}`,
              now,
            },
          ),
        ),
      );
    } finally {
      await pools.close();
    }
    const raised = results.flatMap((result) =>
      result.alerts.map((alert) => [result.used, alert.thresholdPercent]),
    );
    expect(raised.sort()).toEqual(
      [
        [40, 80],
        [50, 100],
      ].sort(),
    );
    expect(await alertsOf(account.id)).toEqual([
      "2026-03 usage_threshold 100",
      "2026-03 usage_threshold 80",
    ]);
  });

  it("does not raise a threshold again when usage falls back below it and recrosses it", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    const deps = { db: test.db, catalog: reports };
    const call = { accountId: account.id, meterId: "reports", now };
    const crossing = await reserve(deps, { ...call, quantity: 40, idempotencyKey: "a" });
    expect(crossing.alerts).toHaveLength(1);
    await release(deps, { accountId: account.id, eventId: crossing.eventId!, now });
    const again = await reserve(deps, { ...call, quantity: 40, idempotencyKey: "b" });
    expect(again).toMatchObject({ used: 40, alerts: [] });
    expect(await alertsOf(account.id)).toEqual(["2026-03 usage_threshold 80"]);
  });

  it("raises nothing for a blocked call", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    const result = await reserve(
      { db: test.db, catalog: coaching },
      {
        accountId: account.id,
        meterId: "ai_voice_seconds",
        quantity: 901,
        idempotencyKey: "x",
        now,
      },
    );
    expect(result).toMatchObject({ outcome: "block", alerts: [] });
    expect(await alertsOf(account.id)).toEqual([]);
  });

  it("tells when Lifestyle's overage starts and when it reaches the $20 cap, once each", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "lifestyle", anchor });
    const deps = { db: test.db, catalog: coaching };
    const session = (quantity: number, key: string) =>
      recordUsage(deps, {
        accountId: account.id,
        meterId: "ai_voice_seconds",
        quantity,
        idempotencyKey: key,
        now,
        mode: "measured",
      });
    const kinds = async (quantity: number, key: string) =>
      (await session(quantity, key)).alerts.map((alert) => alert.kind);

    expect(await kinds(7200, "to-allowance")).toEqual(["usage_threshold", "usage_threshold"]);
    expect(await kinds(1, "first-second-over")).toEqual(["overage_started"]);
    // $20 at $0.10 a started minute is 200 minutes: the cap is reached at 7200 + 11941 seconds.
    expect(await kinds(11_939, "just-below-cap")).toEqual([]);
    const atCap = await session(1, "cap");
    expect(atCap.alerts).toEqual([
      expect.objectContaining({
        kind: "overage_cap_reached",
        thresholdPercent: null,
        usedAtTrigger: 19_141,
        allowanceAtTrigger: 7200,
      }),
    ]);
    expect(await kinds(6000, "beyond-cap")).toEqual([]);
  });

  it("answers a retried call with the alerts it raised the first time", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "lifestyle", anchor });
    const deps = { db: test.db, catalog: coaching };
    const call = {
      accountId: account.id,
      meterId: "ai_voice_seconds",
      quantity: 7300,
      idempotencyKey: "big-session",
      now,
      mode: "measured" as const,
    };
    const first = await recordUsage(deps, call);
    expect(first.alerts.map((alert) => alert.kind)).toEqual([
      "usage_threshold",
      "usage_threshold",
      "overage_started",
    ]);
    expect((await recordUsage(deps, call)).alerts).toEqual(first.alerts);
  });
});

describe("alerts in the dashboard", () => {
  it("lists an account's alerts newest first and marks only its own read", async () => {
    const deps = { db: test.db, catalog: reports };
    const { account } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    const other = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    const call = { meterId: "reports", quantity: 1 };
    for (const accountId of [account.id, other.account.id]) {
      await reserve(deps, { ...call, accountId, quantity: 40, idempotencyKey: "a", now });
      await reserve(deps, {
        ...call,
        accountId,
        quantity: 10,
        idempotencyKey: "b",
        now: new Date("2026-03-11T00:00:00Z"),
      });
    }
    const listed = await listAlerts(test.db, { accountId: account.id, limit: 10 });
    expect(listed.map((alert) => alert.thresholdPercent)).toEqual([100, 80]);
    expect(listed[0]).toMatchObject({
      readAt: null,
      deliveredAt: null,
      createdAt: new Date("2026-03-11T00:00:00Z"),
    });

    const theirs = await listAlerts(test.db, { accountId: other.account.id, limit: 10 });
    expect(
      await markAlertsRead(test.db, {
        accountId: account.id,
        ids: [listed[1]!.id, ...theirs.map((alert) => alert.id)],
        now,
      }),
    ).toEqual({ marked: 1 });
    expect(
      await listAlerts(test.db, { accountId: account.id, unreadOnly: true, limit: 10 }),
    ).toEqual([listed[0]]);
    expect(
      await listAlerts(test.db, { accountId: other.account.id, unreadOnly: true, limit: 10 }),
    ).toHaveLength(2);
  });

  it("refuses a bad page size or a malformed alert id", async () => {
    const { account } = await insertAccountOnPlan(test.db, { planId: "free", anchor });
    await expect(listAlerts(test.db, { accountId: account.id, limit: 0 })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(
      markAlertsRead(test.db, { accountId: account.id, ids: ["1; drop table"] }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      details: { field: "ids" },
    });
  });
});
