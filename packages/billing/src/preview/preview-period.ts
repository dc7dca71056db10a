import type { Database } from "@tally/db";
import { type AnyCatalog, billingPeriodFor } from "@tally/tier-config";
import { draftInvoiceLines, totalCentsOf } from "../close/draft-invoice-lines";
import { requireDate, requireUuid } from "../close/input-checks";
import type { InvoiceLineDraft } from "../close/invoice-lines-for";
import { loadBilledCounters, loadHistories, periodKey } from "../close/load-billing-inputs";
import { requireSubscription } from "../close/require-subscription";
import { projectCounter } from "./project-counter";

export interface PreviewPeriodInput {
  accountId: string;
  now: Date;
}

export interface PeriodPreview {
  periodStart: Date;
  periodEnd: Date;
  currency: string;
  /** The invoice as it would close with the usage counted so far. */
  lines: InvoiceLineDraft[];
  totalCents: number;
  /** The invoice as it would close if usage keeps its pace so far until each counter ends. */
  projected: { lines: InvoiceLineDraft[]; totalCents: number };
}

/**
 * The open billing period's invoice so far, and projected to the period end. Both go through the
 * very function the close uses, on the same counters and the same terms (the plan at each
 * period's last instant, with what is already scheduled), so once the period ends the close
 * bills what the preview showed for the usage it had.
 */
export async function previewPeriod(
  db: Database,
  catalog: AnyCatalog,
  input: PreviewPeriodInput,
): Promise<PeriodPreview> {
  const accountId = requireUuid("accountId", input.accountId);
  const now = requireDate("now", input.now);
  const subscription = await requireSubscription(db, accountId);
  const period = billingPeriodFor({
    anchor: subscription.billingAnchor,
    at: now,
    interval: subscription.billingInterval,
  });
  const [histories, counters] = await Promise.all([
    loadHistories(db, [subscription]),
    loadBilledCounters(db, [{ subscription, period }]),
  ]);
  const history = histories.get(accountId);
  if (history === undefined) throw new Error(`no history loaded for account ${accountId}`);
  const billed = counters.get(periodKey(accountId, period.start)) ?? [];

  const lines = draftInvoiceLines(catalog, history, period, billed);
  const projectedLines = draftInvoiceLines(
    catalog,
    history,
    period,
    billed.map((counter) => projectCounter(counter, now)),
  );
  return {
    periodStart: period.start,
    periodEnd: period.end,
    currency: catalog.currency,
    lines,
    totalCents: totalCentsOf(lines),
    projected: { lines: projectedLines, totalCents: totalCentsOf(projectedLines) },
  };
}
