import {
  type BillingInterval,
  type Database,
  type Invoice,
  invoices,
  type Subscription,
  subscriptions,
} from "@tally/db";
import type { AnyCatalog, Period } from "@tally/tier-config";
import { and, asc, count, eq, gt, gte, inArray, max } from "drizzle-orm";
import { endedBillingPeriods, requireBillingPeriod } from "./billing-periods";
import { draftInvoiceLines } from "./draft-invoice-lines";
import { requireDate, requireWholeNumber } from "./input-checks";
import { type InvoiceDraft, insertInvoices } from "./insert-invoices";
import {
  type DuePeriod,
  loadBilledCounters,
  loadHistories,
  periodKey,
} from "./load-billing-inputs";

export interface CloseDuePeriodsInput {
  now: Date;
  /**
   * How long a period must have ended before it is closed, so that no usage transaction still in
   * flight at its end can commit into it after the close read its counters.
   */
  settleSeconds?: number;
  /** The most invoices one call closes, oldest periods first; all that are due when omitted. */
  limit?: number;
  /** Periods closed per transaction (and per round of batched reads). */
  batchSize?: number;
}

export interface CloseDuePeriodsResult {
  /** The invoices this call created (another process may have closed some of the due ones). */
  closed: Invoice[];
  /** How many ended periods without an invoice this call found, before `limit`. */
  due: number;
  /** Periods that could not be closed (a plan the catalog no longer has, say); the rest went on. */
  failed: { accountId: string; periodStart: Date; message: string }[];
}

const DEFAULT_SETTLE_SECONDS = 60;
const DEFAULT_BATCH_SIZE = 500;
const SUBSCRIPTIONS_PER_SCAN = 5000;

/** An ended period without an invoice, found by the scan. */
interface Candidate {
  accountId: string;
  period: Period;
}

/**
 * Closes every ended billing period of every account that has no invoice yet, oldest first. Safe
 * to run in any number of processes at once: each invoice is claimed by its unique key with
 * `ON CONFLICT DO NOTHING`, and only its creator writes its lines.
 *
 * The reads are batched: one scan of subscriptions with their invoice counts finds the due
 * periods, then each batch of periods costs one query each for subscriptions, history lines,
 * overrides and counters, and one transaction to store the invoices.
 */
export async function closeDuePeriods(
  db: Database,
  catalog: AnyCatalog,
  input: CloseDuePeriodsInput,
): Promise<CloseDuePeriodsResult> {
  const now = requireDate("now", input.now);
  const settleSeconds = requireWholeNumber(
    "settleSeconds",
    input.settleSeconds ?? DEFAULT_SETTLE_SECONDS,
    { min: 0, max: 86_400 },
  );
  const limit =
    input.limit === undefined
      ? null
      : requireWholeNumber("limit", input.limit, { min: 1, max: Number.MAX_SAFE_INTEGER });
  const batchSize = requireWholeNumber("batchSize", input.batchSize ?? DEFAULT_BATCH_SIZE, {
    min: 1,
    max: 10_000,
  });
  const cutoff = new Date(now.getTime() - settleSeconds * 1000);

  const candidates = await findDuePeriods(db, cutoff);
  candidates.sort(
    (a, b) =>
      a.period.start.getTime() - b.period.start.getTime() || a.accountId.localeCompare(b.accountId),
  );
  const chosen = limit === null ? candidates : candidates.slice(0, limit);
  const result: CloseDuePeriodsResult = { closed: [], due: candidates.length, failed: [] };
  for (let index = 0; index < chosen.length; index += batchSize) {
    await closeBatch(db, catalog, chosen.slice(index, index + batchSize), now, result);
  }
  return result;
}

/**
 * Every ended period without an invoice. Usually an account's invoices are all its periods up to
 * the latest one, which their count and latest start show; only an account with a gap (a period
 * skipped while a later one was closed) needs its invoice starts read one by one.
 */
async function findDuePeriods(db: Database, cutoff: Date): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  const withGaps = new Map<string, Period[]>();
  let after: string | null = null;
  for (;;) {
    const rows: ScanRow[] = await scanSubscriptions(db, after);
    for (const row of rows) {
      const ended = endedBillingPeriods(row, cutoff);
      const closedThrough = row.latestInvoicedStart;
      const upToLatest =
        closedThrough === null ? 0 : ended.filter((period) => period.start <= closedThrough).length;
      if (row.invoiced === upToLatest) {
        for (const period of ended.slice(upToLatest)) {
          candidates.push({ accountId: row.accountId, period });
        }
      } else {
        withGaps.set(row.accountId, ended);
      }
    }
    const last = rows[rows.length - 1];
    if (last === undefined || rows.length < SUBSCRIPTIONS_PER_SCAN) break;
    after = last.accountId;
  }

  if (withGaps.size > 0) {
    const stored = await db
      .select({ accountId: invoices.accountId, periodStart: invoices.periodStart })
      .from(invoices)
      .where(inArray(invoices.accountId, [...withGaps.keys()]));
    const closed = new Set(stored.map((row) => periodKey(row.accountId, row.periodStart)));
    for (const [accountId, ended] of withGaps) {
      for (const period of ended) {
        if (!closed.has(periodKey(accountId, period.start))) {
          candidates.push({ accountId, period });
        }
      }
    }
  }
  return candidates;
}

interface ScanRow {
  accountId: string;
  billingAnchor: Date;
  billingInterval: BillingInterval;
  /** Invoices of periods counted from the current anchor. */
  invoiced: number;
  latestInvoicedStart: Date | null;
}

/** One page of subscriptions, by account id, each with its invoice count and latest period. */
function scanSubscriptions(db: Database, after: string | null): Promise<ScanRow[]> {
  return db
    .select({
      accountId: subscriptions.accountId,
      billingAnchor: subscriptions.billingAnchor,
      billingInterval: subscriptions.billingInterval,
      invoiced: count(invoices.id),
      latestInvoicedStart: max(invoices.periodStart),
    })
    .from(subscriptions)
    .leftJoin(
      invoices,
      and(
        eq(invoices.accountId, subscriptions.accountId),
        gte(invoices.periodStart, subscriptions.billingAnchor),
      ),
    )
    .where(after === null ? undefined : gt(subscriptions.accountId, after))
    .groupBy(subscriptions.accountId, subscriptions.billingAnchor, subscriptions.billingInterval)
    .orderBy(asc(subscriptions.accountId))
    .limit(SUBSCRIPTIONS_PER_SCAN);
}

/**
 * Drafts and stores one batch. A period that cannot be drafted is reported and skipped; if the
 * batch's transaction fails, each invoice is retried alone so that one bad period cannot hold
 * back the others.
 */
async function closeBatch(
  db: Database,
  catalog: AnyCatalog,
  batch: readonly Candidate[],
  now: Date,
  result: CloseDuePeriodsResult,
): Promise<void> {
  const accountIds = [...new Set(batch.map((candidate) => candidate.accountId))];
  const rows = await db
    .select()
    .from(subscriptions)
    .where(inArray(subscriptions.accountId, accountIds));
  const byAccount = new Map<string, Subscription>(rows.map((row) => [row.accountId, row]));

  const due: DuePeriod[] = [];
  for (const { accountId, period } of batch) {
    const subscription = byAccount.get(accountId);
    try {
      if (subscription === undefined) throw new Error(`account ${accountId} has no subscription`);
      // The subscription may have moved its anchor since the scan.
      requireBillingPeriod(subscription, period.start);
      due.push({ subscription, period });
    } catch (error) {
      result.failed.push({ accountId, periodStart: period.start, message: messageOf(error) });
    }
  }
  const [histories, counters] = await Promise.all([
    loadHistories(db, rows),
    loadBilledCounters(db, due),
  ]);

  const drafts: InvoiceDraft[] = [];
  for (const { subscription, period } of due) {
    const { accountId } = subscription;
    try {
      const history = histories.get(accountId);
      if (history === undefined) throw new Error(`no history loaded for account ${accountId}`);
      const billed = counters.get(periodKey(accountId, period.start)) ?? [];
      drafts.push({
        accountId,
        period,
        lines: draftInvoiceLines(catalog, history, period, billed),
      });
    } catch (error) {
      result.failed.push({ accountId, periodStart: period.start, message: messageOf(error) });
    }
  }

  try {
    const created = await insertInvoices(db, catalog, drafts, now);
    result.closed.push(...created.map(({ invoice }) => invoice));
  } catch {
    for (const draft of drafts) {
      try {
        const created = await insertInvoices(db, catalog, [draft], now);
        result.closed.push(...created.map(({ invoice }) => invoice));
      } catch (error) {
        result.failed.push({
          accountId: draft.accountId,
          periodStart: draft.period.start,
          message: messageOf(error),
        });
      }
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
