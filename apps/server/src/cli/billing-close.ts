import {
  closeDuePeriods,
  type PushFailure,
  type PushPendingInvoicesResult,
  pushPendingInvoices,
} from "@tally/billing";
import { type BillingContext, openBillingContext } from "./billing-context";
import { parseWholeNumber, readOptions } from "./cli-args";
import { formatCents } from "./format-cents";
import { invoiceStatusTotals } from "./invoice-status-totals";
import { print, runCommand } from "./run-command";

const USAGE = `Usage: pnpm billing:close [--settle-seconds <0-86400>] [--concurrency <1-64>]

Closes every ended billing period of the configured catalog (TALLY_CATALOG), then, when
STRIPE_SECRET_KEY is set, pushes every invoice not yet sent to Stripe. Safe to re-run at any
time, including after a crash: nothing is closed or sent twice.
Exit codes: 0 done; 1 an invoice needs attention or could not be sent; 2 bad usage or setup.`;

/** Invoices selected per push round; rounds repeat until nothing is left or nothing moves. */
const PUSH_BATCH = 500;

async function main(): Promise<number> {
  const options = readOptions(process.argv.slice(2), ["settle-seconds", "concurrency"]);
  const settleSeconds = parseWholeNumber("settle-seconds", options["settle-seconds"], {
    min: 0,
    max: 86_400,
    fallback: 60,
  });
  const concurrency = parseWholeNumber("concurrency", options.concurrency, {
    min: 1,
    max: 64,
    fallback: 8,
  });
  const context = await openBillingContext(process.env);
  try {
    return await run(context, { settleSeconds, concurrency });
  } finally {
    await context.database.close();
  }
}

async function run(
  { database, catalog, gateway, logger }: BillingContext,
  { settleSeconds, concurrency }: { settleSeconds: number; concurrency: number },
): Promise<number> {
  const { db } = database;
  const closed = await closeDuePeriods(db, catalog, { now: new Date(), settleSeconds });
  const closedCents = closed.closed.reduce((sum, invoice) => sum + BigInt(invoice.totalCents), 0n);
  print(
    `Closed ${closed.closed.length} billing period(s) of catalog "${catalog.id}" (${closed.due} were due), totalling ${formatCents(closedCents)}.`,
  );
  for (const failure of closed.failed) {
    print(
      `  could not close ${failure.accountId} ${failure.periodStart.toISOString()}: ${failure.message}`,
    );
  }

  let pushed: PushPendingInvoicesResult | null = null;
  if (gateway) {
    pushed = { selected: 0, sent: [], attention: [], failed: [], unchanged: 0 };
    for (;;) {
      const round = await pushPendingInvoices(db, gateway, {
        now: new Date(),
        limit: PUSH_BATCH,
        concurrency,
        logger,
      });
      pushed.selected += round.selected;
      pushed.sent.push(...round.sent);
      pushed.attention.push(...round.attention);
      pushed.unchanged += round.unchanged;
      const moved = round.sent.length + round.attention.length + round.unchanged;
      if (round.selected < PUSH_BATCH || moved === 0) {
        pushed.failed = round.failed;
        break;
      }
    }
    const sentCents = pushed.sent.reduce((sum, invoice) => sum + BigInt(invoice.totalCents), 0n);
    print(`Sent to Stripe: ${pushed.sent.length} invoice(s), totalling ${formatCents(sentCents)}.`);
    printFailures("Need attention (parked; an operator must look)", pushed.attention);
    printFailures("Not sent (Stripe unreachable; run again)", pushed.failed);
  } else {
    print("Stripe is not configured (STRIPE_SECRET_KEY is unset): nothing was sent.");
  }

  print("Ledger invoices by status:");
  const totals = await invoiceStatusTotals(db);
  for (const { status, invoices, totalCents } of totals) {
    const note = status === "draft" ? " (not sent)" : "";
    print(
      `  ${status.padEnd(13)} ${String(invoices).padStart(7)}  ${formatCents(totalCents)}${note}`,
    );
  }
  const attention = totals.find((total) => total.status === "attention")?.invoices ?? 0;
  if (attention > 0) print(`${attention} invoice(s) need attention.`);
  return attention > 0 || (pushed?.failed.length ?? 0) > 0 ? 1 : 0;
}

function printFailures(title: string, failures: readonly PushFailure[]): void {
  if (failures.length === 0) return;
  print(`${title}: ${failures.length}`);
  for (const failure of failures) {
    print(
      `  invoice ${failure.invoiceId}  account ${failure.accountId}  ${formatCents(failure.totalCents)}  ${failure.error}`,
    );
  }
}

runCommand("billing:close", USAGE, main);
