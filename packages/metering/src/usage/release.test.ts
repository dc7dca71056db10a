import { usageEvents } from "@tally/db";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { coaching } from "@tally/tier-config";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAccountOnPlan, ledgerTotals, openPools } from "../test-support";
import { release } from "./release";
import { reserve } from "./reserve";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.drop());

const anchor = new Date("2026-03-01T00:00:00Z");
const now = new Date("2026-03-10T12:00:00Z");
const meterId = "coach_calls";

async function growthAccountWithOneCall() {
  const { account } = await insertAccountOnPlan(test.db, { planId: "growth", anchor });
  const deps = { db: test.db, catalog: coaching };
  await reserve(deps, { accountId: account.id, meterId, quantity: 1, idempotencyKey: "kept", now });
  return account.id;
}

describe("counted iff it happened", () => {
  it("puts the counter and the events back where they were when a reservation is released", async () => {
    const accountId = await growthAccountWithOneCall();
    const deps = { db: test.db, catalog: coaching };
    const before = await ledgerTotals(test.db, { accountId, meterId });

    const reserved = await reserve(deps, {
      accountId,
      meterId,
      quantity: 2,
      idempotencyKey: "failing-handler",
      now,
    });
    expect(reserved.used).toBe(3);
    expect(await release(deps, { accountId, eventId: reserved.eventId!, now })).toEqual({
      released: true,
    });

    const after = await ledgerTotals(test.db, { accountId, meterId });
    expect({ counters: after.counters, events: after.events }).toEqual({
      counters: before.counters,
      events: before.events,
    });
  });

  it("releases once: a second release is a no-op", async () => {
    const accountId = await growthAccountWithOneCall();
    const deps = { db: test.db, catalog: coaching };
    const { eventId } = await reserve(deps, {
      accountId,
      meterId,
      quantity: 1,
      idempotencyKey: "twice",
      now,
    });
    expect(await release(deps, { accountId, eventId: eventId!, now })).toEqual({ released: true });
    expect(await release(deps, { accountId, eventId: eventId!, now })).toEqual({ released: false });
    expect(await ledgerTotals(test.db, { accountId, meterId })).toEqual({
      counters: 1,
      events: 1,
      eventRows: 3,
    });
  });

  it("releases once when ten releases of one reservation race", async () => {
    const accountId = await growthAccountWithOneCall();
    const { eventId } = await reserve(
      { db: test.db, catalog: coaching },
      { accountId, meterId, quantity: 1, idempotencyKey: "raced", now },
    );
    const pools = await openPools(test.url, { count: 2, max: 5 });
    try {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          release(
            { db: pools.dbs[index % 2] ?? test.db, catalog: coaching },
            { accountId, eventId: eventId!, now },
          ),
        ),
      );
      expect(results.filter((result) => result.released)).toHaveLength(1);
    } finally {
      await pools.close();
    }
    expect(await ledgerTotals(test.db, { accountId, meterId })).toMatchObject({
      counters: 1,
      events: 1,
    });
  });

  it("does not find another account's event, nor a release row, nor a missing one", async () => {
    const owner = await growthAccountWithOneCall();
    const intruder = await growthAccountWithOneCall();
    const deps = { db: test.db, catalog: coaching };
    const { eventId } = await reserve(deps, {
      accountId: owner,
      meterId,
      quantity: 1,
      idempotencyKey: "mine",
      now,
    });

    await expect(
      release(deps, { accountId: intruder, eventId: eventId!, now }),
    ).rejects.toMatchObject({ code: "not_found", details: { eventId } });
    await expect(release(deps, { accountId: owner, eventId: 2 ** 40, now })).rejects.toMatchObject({
      code: "not_found",
    });
    await release(deps, { accountId: owner, eventId: eventId!, now });
    const [releaseRow] = await test.db
      .select({ id: usageEvents.id })
      .from(usageEvents)
      .where(eq(usageEvents.releaseOfEventId, eventId!));
    await expect(
      release(deps, { accountId: owner, eventId: releaseRow!.id, now }),
    ).rejects.toMatchObject({ code: "not_found" });

    expect(await ledgerTotals(test.db, { accountId: intruder, meterId })).toEqual({
      counters: 1,
      events: 1,
      eventRows: 1,
    });
  });

  it("refuses an event id that is not a positive integer", async () => {
    const accountId = await growthAccountWithOneCall();
    for (const eventId of [0, -1, 1.5, Number.NaN]) {
      await expect(
        release({ db: test.db, catalog: coaching }, { accountId, eventId, now }),
      ).rejects.toMatchObject({ code: "invalid_input", details: { field: "eventId" } });
    }
  });
});
