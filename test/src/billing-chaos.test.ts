import { createStripeGateway, reconcile } from "@tally/billing";
import { type Database, invoiceLines, invoices } from "@tally/db";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { type StripeStandin, startStripeStandin } from "@tally/stripe-standin";
import { inArray } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningCli, startBillingCommand } from "./support/billing-cli";
import { type SeededAccounts, seedAccountsWithClosedUsage } from "./support/billing-seed";

/**
 * Invariant 7 end to end: `pnpm billing:close` is SIGKILLed at random points while it closes
 * 1,000 accounts' periods and pushes their invoices to Stripe (the stand-in, through the real
 * SDK), restarted, and finally run to completion. Stripe must end up holding exactly one item per
 * ledger line with an amount, every invoice totalling the ledger to the cent.
 */
const ACCOUNTS = 1000;
const API_KEY = "sk_test_chaosBilling0001";
const KILLS = 4;

let database: TestDatabase;
let db: Database;
let standin: StripeStandin;
const running: RunningCli[] = [];

beforeEach(async () => {
  database = await createTestDatabase();
  db = database.db;
  // Generous, so the stand-in's own limit only bites on bursts (and those are retried).
  standin = await startStripeStandin({ apiKey: API_KEY, rateLimitPerSecond: 400 });
});
afterEach(async () => {
  for (const cli of running) cli.kill();
  running.length = 0;
  await standin?.close();
  await database?.drop();
});

function cliEnv(): Record<string, string | undefined> {
  return {
    ...process.env,
    DATABASE_URL: database.url,
    TALLY_CATALOG: "coaching",
    STRIPE_SECRET_KEY: API_KEY,
    STRIPE_API_BASE: standin.url,
    STRIPE_MAX_REQUESTS_PER_SECOND: "100",
    LOG_LEVEL: "error",
  };
}

function start(): RunningCli {
  const cli = startBillingCommand("billing:close", cliEnv());
  running.push(cli);
  return cli;
}

/** Resolves once the stand-in has seen `requests` more requests, or the run has ended. */
async function afterRequests(cli: RunningCli, requests: number): Promise<void> {
  const target = standin.requests.length + requests;
  while (cli.isRunning() && standin.requests.length < target) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A random whole number in [min, max]. */
function between(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}

/** Runs `pnpm billing:close` processes, killing each at a random point, `kills` times over. */
async function crashRepeatedly(kills: number, processes: number): Promise<string[]> {
  const killedAt: string[] = [];
  for (let round = 0; round < kills; round += 1) {
    const clis = Array.from({ length: processes }, start);
    if (round === 0) {
      // The first crash comes early: during the close, or on the first pushes.
      await new Promise((resolve) => setTimeout(resolve, between(1_500, 4_000)));
    } else {
      await afterRequests(clis[0] as RunningCli, between(20, 700));
    }
    killedAt.push(`round ${round}: ${standin.requests.length} requests`);
    for (const cli of clis) cli.kill();
    await Promise.all(clis.map((cli) => cli.exited));
  }
  return killedAt;
}

async function expectStripeToMatchTheLedger({ accountIds, period }: SeededAccounts): Promise<void> {
  const ledger = await db.select().from(invoices).where(inArray(invoices.accountId, accountIds));
  expect(ledger).toHaveLength(accountIds.length);
  expect(ledger.filter((invoice) => invoice.status !== "open")).toEqual([]);
  const lines = await db
    .select()
    .from(invoiceLines)
    .where(inArray(invoiceLines.accountId, accountIds));
  const payable = lines.filter((line) => line.amountCents > 0);
  expect(payable.length).toBe(2 * accountIds.length);

  const state = standin.state();
  const itemsByLine = new Map<string, number[]>();
  for (const item of state.invoiceItems) {
    const lineId = item.metadata.tally_line_id ?? "no line";
    itemsByLine.set(lineId, [...(itemsByLine.get(lineId) ?? []), item.amount]);
  }
  const wrongLines = payable.filter((line) => {
    const amounts = itemsByLine.get(line.id);
    return amounts?.length !== 1 || amounts[0] !== line.amountCents;
  });
  expect(wrongLines).toEqual([]);
  expect(state.invoiceItems).toHaveLength(payable.length);

  const stripeByTallyId = new Map<string, typeof state.invoices>();
  for (const invoice of state.invoices) {
    const tallyId = invoice.metadata?.tally_invoice_id ?? "none";
    stripeByTallyId.set(tallyId, [...(stripeByTallyId.get(tallyId) ?? []), invoice]);
  }
  for (const invoice of ledger) {
    const mirrored = stripeByTallyId.get(invoice.id) ?? [];
    expect(mirrored.map((stripeInvoice) => stripeInvoice.id)).toEqual([invoice.stripeInvoiceId]);
    expect(mirrored[0]?.total).toBe(invoice.totalCents);
    expect(mirrored[0]?.status).toBe("open");
  }
  const ledgerCents = ledger.reduce((sum, invoice) => sum + invoice.totalCents, 0);
  const stripeCents = state.invoices.reduce((sum, invoice) => sum + (invoice.total ?? 0), 0);
  expect(stripeCents).toBe(ledgerCents);
  // One customer per account: every crash found the customer again.
  const customersPerAccount = new Map<string, number>();
  for (const customer of state.customers) {
    const accountId = customer.metadata.tally_account_id ?? "none";
    customersPerAccount.set(accountId, (customersPerAccount.get(accountId) ?? 0) + 1);
  }
  expect([...customersPerAccount].filter(([, customers]) => customers !== 1)).toEqual([]);
  expect(customersPerAccount.size).toBe(accountIds.length);

  // And the reconciliation agrees, line by item.
  const gateway = createStripeGateway({
    secretKey: API_KEY,
    apiBase: standin.url,
    maxRequestsPerSecond: 1000,
  });
  const checked = await reconcile(db, gateway, {
    from: period.end,
    to: new Date(period.end.getTime() + 1),
  });
  expect(checked).toEqual({ checkedInvoices: accountIds.length, drift: [] });
}

describe("billing:close under SIGKILL", { timeout: 150_000 }, () => {
  it("ends with exactly one Stripe item per ledger line, totals to the cent", async () => {
    const seeded = await seedAccountsWithClosedUsage(db, {
      count: ACCOUNTS,
      tag: "kill",
      now: new Date(),
    });
    const killedAt = await crashRepeatedly(KILLS, 1);

    const final = await start().exited;
    expect(final.code, `${killedAt.join("\n")}\n${final.output}`).toBe(0);
    expect(final.output).toMatch(/open\s+1000\s+\$/);
    await expectStripeToMatchTheLedger(seeded);
  });

  it("does the same with two processes at once, through random 500s, 429s and timeouts", async () => {
    const seeded = await seedAccountsWithClosedUsage(db, {
      count: ACCOUNTS,
      tag: "faults",
      now: new Date(),
    });
    standin.faults.random({
      rate: 0.05,
      kinds: ["500", "429", "timeout"],
      retryAfterSeconds: 1,
      holdMs: 300,
    });
    const killedAt = await crashRepeatedly(3, 2);

    const finals = await Promise.all([start().exited, start().exited]);
    for (const final of finals) {
      expect(final.code, `${killedAt.join("\n")}\n${final.output}`).toBe(0);
    }
    const fired = new Set(standin.faults.fired.map((fault) => fault.kind));
    expect([...fired].sort()).toEqual(["429", "500", "timeout"]);
    standin.faults.clear();
    await expectStripeToMatchTheLedger(seeded);
  });
});
