import { type AnyCatalog, isMeterId, type Period } from "@tally/tier-config";
import { type CounterUsage, type InvoiceLineDraft, invoiceLinesFor } from "./invoice-lines-for";
import { type AccountHistory, allowanceOverrideAt, planAt } from "./plan-at";

/** A usage counter as billing reads it: the stored row, or a projection of it. */
export interface BilledCounter {
  meterId: string;
  periodStart: Date;
  periodEnd: Date;
  used: number;
}

/**
 * The lines of one account's billing period from its counters, with the terms in effect at the
 * last instant of each period: the base price and seats follow the plan at the billing period's
 * last instant, each counter the plan and override at its own period's last instant. Counters of
 * meters the catalog no longer has cannot be priced and are left out.
 */
export function draftInvoiceLines(
  catalog: AnyCatalog,
  history: AccountHistory,
  period: Period,
  counters: readonly BilledCounter[],
): InvoiceLineDraft[] {
  const { subscription } = history;
  const usage: CounterUsage<AnyCatalog>[] = [];
  for (const counter of counters) {
    if (!isMeterId(catalog, counter.meterId)) continue;
    const lastInstant = lastInstantOf(counter.periodEnd);
    usage.push({
      meterId: counter.meterId,
      period: { start: counter.periodStart, end: counter.periodEnd },
      used: counter.used,
      planId: planAt(catalog, history, lastInstant),
      allowanceOverride: allowanceOverrideAt(history, counter.meterId, lastInstant),
    });
  }
  return invoiceLinesFor(catalog, {
    period,
    plan: {
      planId: planAt(catalog, history, lastInstantOf(period.end)),
      interval: subscription.billingInterval,
      seats: subscription.seats,
    },
    usage,
  });
}

/** Periods are half-open, so the last instant inside one is a millisecond before its end. */
function lastInstantOf(end: Date): Date {
  return new Date(end.getTime() - 1);
}

export function totalCentsOf(lines: readonly InvoiceLineDraft[]): number {
  return lines.reduce((total, line) => total + line.amountCents, 0);
}
