import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  constraintViolatedBy,
  createTestDatabase,
  insertAccount,
  type TestDatabase,
} from "../testing";
import {
  limitOverrides,
  type NewUsageAlert,
  type NewUsageEvent,
  usageAlerts,
  usageCounters,
  usageEvents,
} from "./index";

const periodStart = new Date("2026-03-01T00:00:00Z");
const periodEnd = new Date("2026-04-01T00:00:00Z");

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.drop());

function usage(accountId: string, values: Partial<NewUsageEvent> = {}): NewUsageEvent {
  return {
    accountId,
    meterId: "ai_voice_seconds",
    kind: "usage",
    quantity: 60,
    periodStart,
    ...values,
  };
}

function alert(accountId: string, values: Partial<NewUsageAlert> = {}): NewUsageAlert {
  return {
    accountId,
    meterId: "ai_voice_seconds",
    periodStart,
    kind: "usage_threshold",
    thresholdPercent: 80,
    usedAtTrigger: 4800,
    allowanceAtTrigger: 6000,
    ...values,
  };
}

async function insertUsage(values: NewUsageEvent): Promise<number> {
  const [row] = await test.db.insert(usageEvents).values(values).returning({ id: usageEvents.id });
  if (!row) throw new Error("inserting a usage event returned no row");
  return row.id;
}

describe("usage_events", () => {
  it("counts an idempotency key once per account", async () => {
    const account = await insertAccount(test.db);
    await insertUsage(usage(account.id, { idempotencyKey: "call-1" }));

    const retry = test.db
      .insert(usageEvents)
      .values(usage(account.id, { idempotencyKey: "call-1", quantity: 30 }));
    expect(await constraintViolatedBy(retry)).toBe(
      "usage_events_account_id_idempotency_key_unique",
    );
  });

  it("lets different accounts use the same idempotency key", async () => {
    const first = await insertAccount(test.db);
    const second = await insertAccount(test.db);
    await insertUsage(usage(first.id, { idempotencyKey: "shared" }));
    await insertUsage(usage(second.id, { idempotencyKey: "shared" }));

    const rows = await test.db
      .select()
      .from(usageEvents)
      .where(eq(usageEvents.idempotencyKey, "shared"));
    expect(rows).toHaveLength(2);
  });

  it("releases a usage event at most once", async () => {
    const account = await insertAccount(test.db);
    const usageId = await insertUsage(usage(account.id, { idempotencyKey: "failed-call" }));
    const release = usage(account.id, { kind: "release", releaseOfEventId: usageId });
    await insertUsage(release);

    expect(await constraintViolatedBy(test.db.insert(usageEvents).values(release))).toBe(
      "usage_events_release_of_event_id_unique",
    );
  });

  it("lets release rows, and only them, point at the usage they compensate", async () => {
    const account = await insertAccount(test.db);
    const usageId = await insertUsage(usage(account.id));

    const orphanRelease = test.db
      .insert(usageEvents)
      .values(usage(account.id, { kind: "release" }));
    expect(await constraintViolatedBy(orphanRelease)).toBe(
      "usage_events_release_of_event_id_check",
    );
    const usagePointingAtUsage = test.db
      .insert(usageEvents)
      .values(usage(account.id, { releaseOfEventId: usageId }));
    expect(await constraintViolatedBy(usagePointingAtUsage)).toBe(
      "usage_events_release_of_event_id_check",
    );
  });

  it("records only positive quantities", async () => {
    const account = await insertAccount(test.db);
    const nothing = test.db.insert(usageEvents).values(usage(account.id, { quantity: 0 }));
    expect(await constraintViolatedBy(nothing)).toBe("usage_events_quantity_check");
  });
});

describe("usage_counters", () => {
  it("never goes below zero", async () => {
    const account = await insertAccount(test.db);
    const counter = { accountId: account.id, meterId: "coach_calls", periodStart, periodEnd };
    await test.db.insert(usageCounters).values({ ...counter, used: 5 });

    const overRelease = test.db
      .update(usageCounters)
      .set({ used: sql`${usageCounters.used} - 6` })
      .where(eq(usageCounters.accountId, account.id));
    expect(await constraintViolatedBy(overRelease)).toBe("usage_counters_used_check");
    const negative = test.db
      .insert(usageCounters)
      .values({ ...counter, meterId: "ai_voice_seconds", used: -1 });
    expect(await constraintViolatedBy(negative)).toBe("usage_counters_used_check");
  });
});

describe("usage_alerts", () => {
  it("raises each threshold once per account, meter and period", async () => {
    const account = await insertAccount(test.db);
    await test.db.insert(usageAlerts).values(alert(account.id, { thresholdPercent: 80 }));
    await test.db.insert(usageAlerts).values(alert(account.id, { thresholdPercent: 100 }));
    await test.db
      .insert(usageAlerts)
      .values(alert(account.id, { periodStart: periodEnd, thresholdPercent: 80 }));

    const again = test.db.insert(usageAlerts).values(alert(account.id, { thresholdPercent: 80 }));
    expect(await constraintViolatedBy(again)).toBe("usage_alerts_once_per_period_unique");
  });

  it("raises each overage alert once per period, though it has no threshold", async () => {
    const account = await insertAccount(test.db);
    const started = alert(account.id, { kind: "overage_started", thresholdPercent: 0 });
    await test.db.insert(usageAlerts).values(started);

    expect(await constraintViolatedBy(test.db.insert(usageAlerts).values(started))).toBe(
      "usage_alerts_once_per_period_unique",
    );
  });

  it("gives threshold alerts, and only them, a threshold", async () => {
    const account = await insertAccount(test.db);
    const noThreshold = test.db
      .insert(usageAlerts)
      .values(alert(account.id, { thresholdPercent: 0 }));
    expect(await constraintViolatedBy(noThreshold)).toBe("usage_alerts_threshold_percent_check");
    const overageWithThreshold = test.db
      .insert(usageAlerts)
      .values(alert(account.id, { kind: "overage_cap_reached", thresholdPercent: 100 }));
    expect(await constraintViolatedBy(overageWithThreshold)).toBe(
      "usage_alerts_threshold_percent_check",
    );
  });
});

describe("limit_overrides", () => {
  it("allows unlimited (null) but never a negative allowance", async () => {
    const account = await insertAccount(test.db);
    const override = { accountId: account.id, meterId: "coach_calls", reason: "goodwill" };
    await test.db.insert(limitOverrides).values({ ...override, allowance: null });

    const negative = test.db
      .insert(limitOverrides)
      .values({ ...override, meterId: "ai_voice_seconds", allowance: -1 });
    expect(await constraintViolatedBy(negative)).toBe("limit_overrides_allowance_check");
  });
});
