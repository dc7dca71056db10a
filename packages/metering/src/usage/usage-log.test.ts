import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { coaching } from "@tally/tier-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAccountOnPlan } from "../test-support";
import { encodeLogCursor } from "./log-cursor";
import { recordUsage } from "./record-usage";
import { release } from "./release";
import { type UsageLogItem, usageLog } from "./usage-log";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.drop());

const anchor = new Date("2026-03-01T00:00:00Z");
const deps = () => ({ db: test.db, catalog: coaching });

/** Growth account with 7 voice calls (one a day from Mar 2) and 2 coach calls, one released. */
async function accountWithCalls() {
  const { account } = await insertAccountOnPlan(test.db, { planId: "growth", anchor });
  const accountId = account.id;
  for (let day = 2; day <= 8; day += 1) {
    const now = new Date(Date.UTC(2026, 2, day, 12));
    await recordUsage(deps(), {
      accountId,
      meterId: "ai_voice_seconds",
      quantity: 60 * day,
      idempotencyKey: `voice-${day}`,
      now,
      procedure: "voice.endSession",
      mode: "measured",
    });
  }
  const now = new Date("2026-03-09T12:00:00Z");
  const booked = await recordUsage(deps(), {
    accountId,
    meterId: "coach_calls",
    quantity: 1,
    idempotencyKey: "coach-1",
    now,
  });
  await release(deps(), { accountId, eventId: booked.eventId!, now });
  return accountId;
}

async function allPages(input: Parameters<typeof usageLog>[1]): Promise<UsageLogItem[][]> {
  const pages: UsageLogItem[][] = [];
  let cursor: string | undefined;
  do {
    const page = await usageLog(deps(), { ...input, cursor });
    pages.push(page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return pages;
}

describe("usageLog", () => {
  it("pages through one account's calls newest first, each exactly once", async () => {
    const accountId = await accountWithCalls();
    await accountWithCalls();
    const pages = await allPages({ accountId, limit: 4 });

    expect(pages.map((page) => page.length)).toEqual([4, 4, 1]);
    const ids = pages.flat().map((item) => item.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(9);
    const [newest, second] = pages.flat();
    expect(newest).toMatchObject({ meterId: "coach_calls", kind: "release", quantity: 1 });
    expect(newest?.releaseOfEventId).toBe(second?.id);
    expect(pages.flat().at(-1)).toMatchObject({
      kind: "usage",
      quantity: 120,
      procedure: "voice.endSession",
      occurredAt: new Date("2026-03-02T12:00:00Z"),
    });
  });

  it("filters by meter and by a half-open time range", async () => {
    const accountId = await accountWithCalls();
    const { items } = await usageLog(deps(), {
      accountId,
      meterId: "ai_voice_seconds",
      from: new Date("2026-03-04T12:00:00Z"),
      to: new Date("2026-03-07T12:00:00Z"),
      limit: 100,
    });
    expect(items.map((item) => item.quantity)).toEqual([360, 300, 240]);
  });

  it("ends with a null cursor when the last page is exactly full", async () => {
    const accountId = await accountWithCalls();
    expect(await usageLog(deps(), { accountId, limit: 9 })).toMatchObject({ nextCursor: null });
  });

  it("refuses a bad page size, meter, range or cursor", async () => {
    const accountId = await accountWithCalls();
    const input = { accountId, limit: 10 };
    for (const limit of [0, 101, 2.5, Number.NaN]) {
      await expect(usageLog(deps(), { ...input, limit })).rejects.toMatchObject({
        code: "invalid_input",
        details: { field: "limit" },
      });
    }
    await expect(usageLog(deps(), { ...input, meterId: "minutes" })).rejects.toMatchObject({
      code: "unknown_meter",
    });
    const at = new Date("2026-03-05T00:00:00Z");
    await expect(usageLog(deps(), { ...input, from: at, to: at })).rejects.toMatchObject({
      code: "invalid_input",
      details: { field: "from" },
    });
    await expect(
      usageLog(deps(), { ...input, from: new Date("not a date") }),
    ).rejects.toMatchObject({ code: "invalid_input", details: { field: "from" } });
    for (const cursor of ["", "!!!", "NDI", Buffer.from("v1:-3").toString("base64url")]) {
      await expect(usageLog(deps(), { ...input, cursor })).rejects.toMatchObject({
        code: "invalid_input",
        details: { field: "cursor" },
      });
    }
  });

  it("never shows another account's calls, whatever the cursor", async () => {
    const accountId = await accountWithCalls();
    const other = await accountWithCalls();
    const { items } = await usageLog(deps(), {
      accountId,
      cursor: encodeLogCursor(Number.MAX_SAFE_INTEGER),
      limit: 100,
    });
    expect(items).toHaveLength(9);
    const theirs = await usageLog(deps(), { accountId: other, limit: 100 });
    const mine = new Set(items.map((item) => item.id));
    expect(theirs.items.some((item) => mine.has(item.id))).toBe(false);
  });
});
