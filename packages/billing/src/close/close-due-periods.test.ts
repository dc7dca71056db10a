import { type Database, invoiceLines, invoices } from "@tally/db";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { coaching } from "@tally/tier-config";
import { asc, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { isBillingError } from "../errors";
import { closeDuePeriods } from "./close-due-periods";
import { closePeriod } from "./close-period";
import { addDays, newAccount, use } from "./test-accounts";

// closeDuePeriods reads every account of its database, so each test gets a database of its own.
const opened: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((database) => database.drop()));
});
async function freshDatabase(): Promise<Database> {
  const database = await createTestDatabase();
  opened.push(database);
  return database.db;
}

const JAN_10 = new Date("2025-01-10T09:00:00Z");
const FEB_10 = new Date("2025-02-10T09:00:00Z");
const MAR_10 = new Date("2025-03-10T09:00:00Z");
const APR_10 = new Date("2025-04-10T09:00:00Z");
const FEB_20 = new Date("2025-02-20T12:00:00Z");
const MAR_20 = new Date("2025-03-20T12:00:00Z");

function seconds(date: Date, count: number): Date {
  return new Date(date.getTime() + count * 1000);
}

async function storedInvoices(db: Database, accountId: string) {
  return db
    .select()
    .from(invoices)
    .where(eq(invoices.accountId, accountId))
    .orderBy(asc(invoices.periodStart));
}

describe("closeDuePeriods", () => {
  it("closes missed periods of every account oldest first, skipping the settle window", async () => {
    const db = await freshDatabase();
    const early = await newAccount(db, coaching, { planId: "growth", anchor: JAN_10 });
    const late = await newAccount(db, coaching, { planId: "free", anchor: FEB_20 });
    // 30 seconds after the account's third period ended: still inside the 60-second window.
    const now = seconds(APR_10, 30);

    const result = await closeDuePeriods(db, coaching, { now, settleSeconds: 60 });
    const closed = result.closed.map((invoice) => [invoice.accountId, invoice.periodStart]);
    expect(closed).toEqual([
      [early.accountId, JAN_10],
      [early.accountId, FEB_10],
      [late.accountId, FEB_20],
    ]);
    expect(result).toMatchObject({ due: 3, failed: [] });
    expect((await storedInvoices(db, early.accountId)).map((invoice) => invoice.periodEnd)).toEqual(
      [FEB_10, MAR_10],
    );

    const settled = await closeDuePeriods(db, coaching, {
      now: seconds(APR_10, 60),
      settleSeconds: 60,
    });
    expect(settled.closed.map((invoice) => [invoice.accountId, invoice.periodStart])).toEqual([
      [early.accountId, MAR_10],
    ]);
  });

  it("closes nothing twice, however often it runs", async () => {
    const db = await freshDatabase();
    const { accountId } = await newAccount(db, coaching, { planId: "growth", anchor: JAN_10 });
    await use(db, coaching, { accountId, meterId: "coach_calls", quantity: 3, now: FEB_20 });
    const now = addDays(APR_10, 1);

    await closeDuePeriods(db, coaching, { now });
    const again = await closeDuePeriods(db, coaching, { now });
    expect(again).toEqual({ closed: [], due: 0, failed: [] });
    expect(await storedInvoices(db, accountId)).toHaveLength(3);
  });

  it("any number of concurrent runs close each period once", async () => {
    const db = await freshDatabase();
    const accounts = await Promise.all(
      Array.from({ length: 12 }, () =>
        newAccount(db, coaching, { planId: "growth", anchor: JAN_10 }),
      ),
    );
    for (const { accountId } of accounts) {
      await use(db, coaching, { accountId, meterId: "coach_calls", quantity: 2, now: FEB_20 });
    }
    const now = addDays(APR_10, 1);
    const runs = await Promise.all(
      Array.from({ length: 6 }, () => closeDuePeriods(db, coaching, { now, batchSize: 5 })),
    );

    const created = runs.flatMap((run) => run.closed);
    expect(created).toHaveLength(36);
    expect(new Set(created.map((invoice) => invoice.id)).size).toBe(36);
    expect(await db.select().from(invoices)).toHaveLength(36);
    // Each account's February period has a base line and one coach call over the allowance.
    const lines = await db.select().from(invoiceLines);
    expect(lines).toHaveLength(36 + 12);
    expect(runs.flatMap((run) => run.failed)).toEqual([]);
  });

  it("bills exactly what closePeriod bills for the same period", async () => {
    const db = await freshDatabase();
    const one = await newAccount(db, coaching, { planId: "lifestyle", anchor: JAN_10 });
    const other = await newAccount(db, coaching, { planId: "lifestyle", anchor: JAN_10 });
    for (const { accountId } of [one, other]) {
      await use(db, coaching, {
        accountId,
        meterId: "ai_voice_seconds",
        quantity: 9000,
        now: FEB_20,
      });
    }
    const now = addDays(MAR_10, 1);
    const single = await closePeriod(db, coaching, {
      accountId: one.accountId,
      periodStart: FEB_10,
      now,
    });
    await closeDuePeriods(db, coaching, { now });
    const [, batched] = await storedInvoices(db, other.accountId);
    const batchedLines = await db
      .select()
      .from(invoiceLines)
      .where(eq(invoiceLines.invoiceId, batched?.id ?? ""));

    const content = (line: (typeof batchedLines)[number]) => [
      line.kind,
      line.description,
      line.quantity,
      line.billableUnits,
      line.amountCents,
    ];
    expect(batchedLines.map(content).sort()).toEqual(single.lines.map(content).sort());
    expect(batched?.totalCents).toBe(single.invoice.totalCents);
    expect(single.invoice.totalCents).toBe(2900 + 30 * 10);
  });

  it("closes a period left behind when a later one was closed first", async () => {
    const db = await freshDatabase();
    const { accountId } = await newAccount(db, coaching, { planId: "growth", anchor: JAN_10 });
    await closePeriod(db, coaching, { accountId, periodStart: FEB_10, now: MAR_20 });

    const result = await closeDuePeriods(db, coaching, { now: MAR_20 });
    expect(result.closed.map((invoice) => invoice.periodStart)).toEqual([JAN_10]);
    expect(await storedInvoices(db, accountId)).toHaveLength(2);
  });

  it("closes at most `limit` periods, the oldest", async () => {
    const db = await freshDatabase();
    const { accountId } = await newAccount(db, coaching, { planId: "growth", anchor: JAN_10 });
    const now = addDays(APR_10, 1);
    const first = await closeDuePeriods(db, coaching, { now, limit: 2 });
    expect(first.due).toBe(3);
    expect(first.closed.map((invoice) => invoice.periodStart)).toEqual([JAN_10, FEB_10]);
    const rest = await closeDuePeriods(db, coaching, { now, limit: 2 });
    expect(rest.closed.map((invoice) => invoice.periodStart)).toEqual([MAR_10]);
    expect(await storedInvoices(db, accountId)).toHaveLength(3);
  });

  it("refuses a negative settle window", async () => {
    const db = await freshDatabase();
    const error = await closeDuePeriods(db, coaching, { now: APR_10, settleSeconds: -1 }).catch(
      (caught: unknown) => caught,
    );
    expect(isBillingError(error, "invalid_input")).toBe(true);
  });
});
