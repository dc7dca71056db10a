import { invoiceLines, invoices } from "@tally/db";
import { openDatabase } from "@tally/db/client";
import { type Jobs, startJobs } from "@tally/metering";
import { coaching } from "@tally/tier-config";
import { inArray } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import {
  AFTER,
  growthAccountWithUsage,
  recordingLogger,
  standinGateway,
  useBillingTestBed,
} from "../push/test-fixtures";
import { registerBillingJobs } from "./register-billing-jobs";

const bed = useBillingTestBed();
const workers: Jobs[] = [];
// Registered after the test bed's hooks, so it runs before theirs: the workers stop before the
// database they poll is dropped.
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
});

async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("billing jobs on pg-boss, two worker processes", { timeout: 90_000 }, () => {
  it("close the due periods and push every invoice once, through 500s and 429s", async () => {
    const accountIds: string[] = [];
    for (let index = 0; index < 8; index += 1) {
      accountIds.push(
        await growthAccountWithUsage(bed.db, {
          extraVoiceSeconds: 60 * index,
          extraCoachCalls: index % 3,
        }),
      );
    }
    bed.standin.faults.random({ rate: 0.2, kinds: ["500", "429"], retryAfterSeconds: 1, seed: 7 });
    const logger = recordingLogger();

    // Two processes: each its own pool, its own pg-boss and its own Stripe pacer.
    for (const _ of [1, 2]) {
      const own = await openDatabase({ url: bed.url, max: 4 });
      const jobs = await startJobs({
        db: own.db,
        catalog: coaching,
        connection: { url: bed.url },
        logger,
        pollingIntervalSeconds: 0.5,
        register: (boss) =>
          registerBillingJobs(boss, {
            db: own.db,
            catalog: coaching,
            logger,
            gateway: standinGateway(bed.standin, { logger, maxRequestsPerSecond: 50 }),
            now: () => AFTER,
            pollingIntervalSeconds: 0.5,
            pushRetryDelaySeconds: 1,
          }),
      });
      workers.push({
        stop: async () => {
          await jobs.stop();
          await own.close();
        },
      });
    }

    const sent = await eventually(async () => {
      const rows = await bed.db
        .select()
        .from(invoices)
        .where(inArray(invoices.accountId, accountIds));
      return rows.length === accountIds.length && rows.every((row) => row.status === "open")
        ? rows
        : undefined;
    });
    bed.standin.faults.clear();

    const lines = await bed.db
      .select()
      .from(invoiceLines)
      .where(inArray(invoiceLines.accountId, accountIds));
    const items = bed.standin.state().invoiceItems;
    const payable = lines.filter((line) => line.amountCents > 0);
    expect(items).toHaveLength(payable.length);
    for (const line of payable) {
      const matching = items.filter((item) => item.metadata.tally_line_id === line.id);
      expect(matching).toHaveLength(1);
      expect(matching[0]?.amount).toBe(line.amountCents);
    }
    const stripeInvoices = bed.standin.state().invoices;
    expect(stripeInvoices).toHaveLength(accountIds.length);
    for (const invoice of sent) {
      const stripeInvoice = stripeInvoices.find(
        (candidate) => candidate.id === invoice.stripeInvoiceId,
      );
      expect(stripeInvoice?.total).toBe(invoice.totalCents);
    }
    expect(bed.standin.faults.fired.length).toBeGreaterThan(0);
  });
});
