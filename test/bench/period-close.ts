import { closeDuePeriods, createStripeGateway, pushPendingInvoices } from "@tally/billing";
import { BULK_PERIOD, insertBilledAccounts } from "@tally/billing/testing";
import { startStripeStandin } from "@tally/stripe-standin";
import { coaching } from "@tally/tier-config";
import type { BenchContext } from "./support/bench-context";

export interface PeriodCloseResult {
  accounts: number;
  /** `closeDuePeriods` alone: the ledger side, no Stripe. */
  ledger: { invoices: number; lines: number; seconds: number; accountsPerSecond: number };
  push: {
    /** Invoices with an amount to collect (free accounts close at zero and are not sent). */
    selected: number;
    sent: number;
    failed: number;
    attention: number;
    seconds: number;
    /** Requests that reached the stand-in, and how many it refused for the rate limit. */
    requests: number;
    rateLimited: number;
    /** Requests the stand-in accepted (not refused with 429) per second of the push. */
    requestsPerSecond: number;
    allowedPerSecond: number;
    /** Ledger lines with an amount, and Stripe items carrying a line id. */
    payableLines: number;
    items: number;
    /** Lines with more than one Stripe item, and lines with none: both must be 0. */
    duplicateItems: number;
    missingItems: number;
  };
}

const STRIPE_REQUESTS_PER_SECOND = 100;
/** Invoices pushed at once: enough that the pacer, not the round trips, sets the pace. */
const PUSH_CONCURRENCY = 32;
/**
 * Benchmark 5: `accountCount` accounts with usage in a period that ended (billing's bulk
 * fixture, as its scale test uses: free, Lifestyle, Growth and Mastery in turn), closed by
 * `closeDuePeriods` (timed alone), then pushed by `pushPendingInvoices` to the Stripe stand-in,
 * which allows 100 requests/s as Stripe does live, through a gateway paced at the same 100/s.
 * Reports the request rate achieved against the allowed one, and checks that every ledger line
 * with an amount has exactly one Stripe item.
 */
export async function benchPeriodClose(
  context: BenchContext,
  accountCount: number,
): Promise<PeriodCloseResult> {
  const { db } = context.database.handle;
  await insertBilledAccounts(db, accountCount);

  const closeStarted = performance.now();
  const closed = await closeDuePeriods(db, coaching, { now: BULK_PERIOD.closeAt });
  const closeSeconds = (performance.now() - closeStarted) / 1000;
  if (closed.failed.length > 0) {
    throw new Error(
      `closing failed for ${closed.failed.length} periods: ${closed.failed[0]?.message}`,
    );
  }
  // The server's own period-close job (every minute, at the real date) goes on to close these
  // accounts' later periods meanwhile; only the period closed here is counted and pushed.
  const [lineCount] = await context.sql<{ lines: number; payable: number }[]>`
    select count(*)::int as lines, count(*) filter (where l.amount_cents > 0)::int as payable
    from invoice_lines l join invoices i on i.id = l.invoice_id
    where i.period_start = ${BULK_PERIOD.start}`;

  const standin = await startStripeStandin({ rateLimitPerSecond: STRIPE_REQUESTS_PER_SECOND });
  try {
    const gateway = createStripeGateway({
      secretKey: standin.apiKey,
      apiBase: standin.url,
      maxRequestsPerSecond: STRIPE_REQUESTS_PER_SECOND,
    });
    const pushStarted = performance.now();
    const pushed = await pushPendingInvoices(db, gateway, {
      now: BULK_PERIOD.closeAt,
      limit: accountCount,
      concurrency: PUSH_CONCURRENCY,
    });
    const pushSeconds = (performance.now() - pushStarted) / 1000;

    const itemsPerLine = new Map<string, number>();
    for (const item of standin.state().invoiceItems) {
      const lineId = item.metadata.tally_line_id;
      if (lineId !== undefined) itemsPerLine.set(lineId, (itemsPerLine.get(lineId) ?? 0) + 1);
    }
    const [missing] = await context.sql<{ lines: number }[]>`
      select count(*)::int as lines
      from invoice_lines l join invoices i on i.id = l.invoice_id
      where i.period_start = ${BULK_PERIOD.start} and l.amount_cents > 0
        and not (l.id = any(${[...itemsPerLine.keys()]}::uuid[]))`;
    const missingItems = missing?.lines ?? 0;
    const duplicateItems = [...itemsPerLine.values()].filter((count) => count > 1).length;
    const requests = standin.requests.length;
    const rateLimited = standin.rateLimit.limited;
    return {
      accounts: accountCount,
      ledger: {
        invoices: closed.closed.length,
        lines: lineCount?.lines ?? 0,
        seconds: closeSeconds,
        accountsPerSecond: accountCount / closeSeconds,
      },
      push: {
        selected: pushed.selected,
        sent: pushed.sent.length,
        failed: pushed.failed.length,
        attention: pushed.attention.length,
        seconds: pushSeconds,
        requests,
        rateLimited,
        requestsPerSecond: (requests - rateLimited) / pushSeconds,
        allowedPerSecond: STRIPE_REQUESTS_PER_SECOND,
        payableLines: lineCount?.payable ?? 0,
        items: [...itemsPerLine.values()].reduce((sum, count) => sum + count, 0),
        duplicateItems,
        missingItems,
      },
    };
  } finally {
    await standin.close();
  }
}
