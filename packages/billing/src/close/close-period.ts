import type { Database } from "@tally/db";
import type { AnyCatalog } from "@tally/tier-config";
import { BillingError } from "../errors";
import { invoiceForPeriod } from "../history/invoice-with-lines";
import { compareLines } from "../history/line-order";
import { requireBillingPeriod } from "./billing-periods";
import { draftInvoiceLines } from "./draft-invoice-lines";
import { requireDate, requireUuid } from "./input-checks";
import { type InvoiceWithLines, insertInvoices } from "./insert-invoices";
import { loadBilledCounters, loadHistories, periodKey } from "./load-billing-inputs";
import { requireSubscription } from "./require-subscription";

export interface ClosePeriodInput {
  accountId: string;
  /** The start of one of the account's billing periods. */
  periodStart: Date;
  now: Date;
}

export interface ClosePeriodResult extends InvoiceWithLines {
  /** False when the period was already closed: the stored invoice is returned unchanged. */
  created: boolean;
}

/**
 * Closes one ended billing period of an account: its invoice and all its lines, written in one
 * transaction. Closing a closed period changes nothing and returns the stored invoice, and any
 * number of concurrent closers of the same period store one invoice between them (the unique
 * key on account and period decides, with `ON CONFLICT DO NOTHING`).
 */
export async function closePeriod(
  db: Database,
  catalog: AnyCatalog,
  input: ClosePeriodInput,
): Promise<ClosePeriodResult> {
  const accountId = requireUuid("accountId", input.accountId);
  const periodStart = requireDate("periodStart", input.periodStart);
  const now = requireDate("now", input.now);

  const existing = await invoiceForPeriod(db, accountId, periodStart);
  if (existing !== null) return { ...existing, created: false };

  const subscription = await requireSubscription(db, accountId);
  const period = requireBillingPeriod(subscription, periodStart);
  if (period.end > now) {
    throw new BillingError(
      "period_not_ended",
      `the billing period ${period.start.toISOString()} to ${period.end.toISOString()} has not ended`,
      { accountId, periodStart: period.start.toISOString(), periodEnd: period.end.toISOString() },
    );
  }

  const due = [{ subscription, period }];
  const [histories, counters] = await Promise.all([
    loadHistories(db, [subscription]),
    loadBilledCounters(db, due),
  ]);
  const history = histories.get(accountId);
  if (history === undefined) throw new Error(`no history loaded for account ${accountId}`);
  const lines = draftInvoiceLines(
    catalog,
    history,
    period,
    counters.get(periodKey(accountId, period.start)) ?? [],
  );

  const [created] = await insertInvoices(db, catalog, [{ accountId, period, lines }], now);
  if (created !== undefined) {
    return { invoice: created.invoice, lines: created.lines.sort(compareLines), created: true };
  }
  // Another closer stored the invoice between the first read and the insert.
  const stored = await invoiceForPeriod(db, accountId, periodStart);
  if (stored === null)
    throw new Error(`the invoice of ${periodKey(accountId, periodStart)} vanished`);
  return { ...stored, created: false };
}
