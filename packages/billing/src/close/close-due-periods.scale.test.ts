import { invoiceLines, invoices } from "@tally/db";
import { useTestDatabase } from "@tally/db/testing";
import { coaching } from "@tally/tier-config";
import { count, sum } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { BULK_PERIOD, BULK_PROFILES, insertBilledAccounts } from "../testing";
import { closeDuePeriods } from "./close-due-periods";

const ACCOUNTS = 10_000;

const bed = useTestDatabase();
beforeAll(() => insertBilledAccounts(bed.db, ACCOUNTS), 120_000);

describe("closeDuePeriods at scale", () => {
  it("closes one period of 10,000 accounts, each exactly once and to the cent", async () => {
    const started = performance.now();
    const result = await closeDuePeriods(bed.db, coaching, { now: BULK_PERIOD.closeAt });
    const elapsedMs = performance.now() - started;
    console.info(
      `closeDuePeriods: ${result.closed.length} invoices for ${ACCOUNTS} accounts in ` +
        `${(elapsedMs / 1000).toFixed(2)} s`,
    );

    expect(result.failed).toEqual([]);
    expect(result.closed).toHaveLength(ACCOUNTS);
    const [stored] = await bed.db
      .select({ invoices: count(), totalCents: sum(invoices.totalCents) })
      .from(invoices);
    const perProfile = BULK_PROFILES.reduce((total, profile) => total + profile.totalCents, 0);
    expect(stored).toEqual({
      invoices: ACCOUNTS,
      totalCents: String((ACCOUNTS / BULK_PROFILES.length) * perProfile),
    });
    const [lines] = await bed.db.select({ lines: count() }).from(invoiceLines);
    // Every paid profile has a base line and one overage line.
    expect(lines?.lines).toBe((ACCOUNTS / BULK_PROFILES.length) * 3 * 2);
  }, 120_000);

  it("finds nothing to do quickly once every period is closed", async () => {
    const started = performance.now();
    const result = await closeDuePeriods(bed.db, coaching, { now: BULK_PERIOD.closeAt });
    const elapsedMs = performance.now() - started;
    console.info(
      `closeDuePeriods with nothing due: ${ACCOUNTS} accounts scanned in ` +
        `${(elapsedMs / 1000).toFixed(2)} s`,
    );
    expect(result).toEqual({ closed: [], due: 0, failed: [] });
  }, 120_000);
});
