import type { InvoiceLineKind } from "@tally/db";
import {
  type AnyCatalog,
  type BillingInterval,
  type Entitlement,
  effectiveReset,
  entitlementFor,
  type Meter,
  type MeterId,
  meterIds,
  meterOf,
  type Period,
  type PlanId,
  planOf,
  priceOverage,
  subscriptionPriceCents,
} from "@tally/tier-config";
import { formatCents, formatUnitPrice, groupThousands } from "./format-money";
import { formatPeriod } from "./format-period";

/** One invoice line before it is stored: the `invoice_lines` columns billing decides. */
export interface InvoiceLineDraft {
  kind: InvoiceLineKind;
  /** The meter of an overage line; null for base and seat lines. */
  meterId: string | null;
  /** The billing period for base and seat lines; the counter period for overage lines. */
  periodStart: Date;
  periodEnd: Date;
  /** Customer-facing, as Stripe shows it on the invoice. */
  description: string;
  /** Base: 1. Seats: paid seats. Overage: stored units beyond the allowance (seconds, say). */
  quantity: number;
  /** What is charged for: `quantity` rounded up to the billing unit (started minutes, say). */
  billableUnits: number;
  /** Cents per billable unit as an exact decimal string. */
  unitPriceCentsDecimal: string | null;
  capCents: number | null;
  /** True when the cap, not the unit price, decided the amount. */
  capped: boolean;
  amountCents: number;
}

/** The plan an account was on, as billing needs it. */
export interface PlanInEffect<C extends AnyCatalog> {
  planId: PlanId<C>;
  interval: BillingInterval;
  /** Users on the subscription; at least 1. */
  seats: number;
}

/** One usage counter billed in the period, with the terms that applied to it. */
export interface CounterUsage<C extends AnyCatalog> {
  meterId: MeterId<C>;
  /** The counter's own period; it must end inside the billing period (start exclusive). */
  period: Period;
  /** In the meter's stored unit. */
  used: number;
  /** The plan in effect at the last instant of the counter period. */
  planId: PlanId<C>;
  /** The account's limit override on this meter at that instant; null when there was none. */
  allowanceOverride: number | "unlimited" | null;
}

export interface InvoiceLinesInput<C extends AnyCatalog> {
  /** The billing period invoiced. */
  period: Period;
  /** The plan in effect at the last instant of the billing period, which the base price follows. */
  plan: PlanInEffect<C>;
  usage: readonly CounterUsage<C>[];
}

/**
 * The lines of one account's invoice for one billing period: the plan's base price for the
 * interval, the paid seats, and one overage line per (meter, counter period) with units past the
 * allowance. Pure: the same input always gives the same lines, so the close, the preview and the
 * tests share it. Amounts come from tier-config's `subscriptionPriceCents` and `priceOverage`,
 * which hold the one rounding rule.
 *
 * A meter that never resets on the plan (a one-time allowance) has no period to bill, so it is
 * skipped; no catalog charges for one.
 */
export function invoiceLinesFor<C extends AnyCatalog>(
  catalog: C,
  { period, plan, usage }: InvoiceLinesInput<C>,
): InvoiceLineDraft[] {
  if (!(period.start < period.end)) {
    throw new RangeError(`the billing period must start before it ends, got ${periodText(period)}`);
  }
  const lines = subscriptionLines(catalog, period, plan);
  const meterOrder: readonly string[] = meterIds(catalog);
  const sorted = [...usage].sort(
    (a, b) =>
      meterOrder.indexOf(a.meterId) - meterOrder.indexOf(b.meterId) ||
      a.period.start.getTime() - b.period.start.getTime(),
  );
  for (const counter of sorted) {
    if (!(counter.period.end > period.start && counter.period.end <= period.end)) {
      throw new RangeError(
        `counter period ${periodText(counter.period)} of meter "${counter.meterId}" does not end ` +
          `in billing period ${periodText(period)}`,
      );
    }
    const line = overageLine(catalog, period, counter);
    if (line !== null) lines.push(line);
  }
  return lines;
}

function subscriptionLines<C extends AnyCatalog>(
  catalog: C,
  period: Period,
  { planId, interval, seats }: PlanInEffect<C>,
): InvoiceLineDraft[] {
  const plan = planOf(catalog, planId);
  const baseCents = interval === "year" ? plan.priceAnnualCents : plan.priceMonthlyCents;
  // The seat line is whatever the subscription price adds to the base, so the two lines always
  // add up to tier-config's price for the interval.
  const seatsCents = subscriptionPriceCents({ plan, interval, seats }) - baseCents;
  const paidSeats = Math.max(0, seats - (plan.includedSeats ?? 0));
  const when = formatPeriod(period);
  const lines: InvoiceLineDraft[] = [];
  if (baseCents > 0) {
    lines.push({
      kind: "base",
      meterId: null,
      periodStart: period.start,
      periodEnd: period.end,
      description: `${plan.name} plan${interval === "year" ? " (annual)" : ""}, ${when}`,
      quantity: 1,
      billableUnits: 1,
      unitPriceCentsDecimal: String(baseCents),
      capCents: null,
      capped: false,
      amountCents: baseCents,
    });
  }
  if (seatsCents > 0 && paidSeats > 0) {
    const seatCents = seatsCents / paidSeats;
    const included = plan.includedSeats ? ` beyond the included ${plan.includedSeats}` : "";
    lines.push({
      kind: "seats",
      meterId: null,
      periodStart: period.start,
      periodEnd: period.end,
      description: `${plan.name} plan seats${included}: ${paidSeats} × ${formatCents(seatCents)}, ${when}`,
      quantity: paidSeats,
      billableUnits: paidSeats,
      unitPriceCentsDecimal: String(seatCents),
      capCents: null,
      capped: false,
      amountCents: seatsCents,
    });
  }
  return lines;
}

function overageLine<C extends AnyCatalog>(
  catalog: C,
  billingPeriod: Period,
  counter: CounterUsage<C>,
): InvoiceLineDraft | null {
  const { meterId, planId, allowanceOverride } = counter;
  if (effectiveReset(catalog, planId, meterId) === "never") return null;
  const planned = entitlementFor(catalog, planId, meterId);
  const entitlement: Entitlement = {
    ...planned,
    allowance: allowanceOverride ?? planned.allowance,
  };
  const price = priceOverage({ used: counter.used, entitlement });
  const { allowance, overage } = entitlement;
  if (
    price.overageUnits === 0 ||
    allowance === "unlimited" ||
    overage.kind !== "per_unit" ||
    price.unitPriceCentsDecimal === null
  ) {
    return null;
  }

  const meter = meterOf(catalog, meterId);
  const samePeriod =
    counter.period.start.getTime() === billingPeriod.start.getTime() &&
    counter.period.end.getTime() === billingPeriod.end.getTime();
  const when = samePeriod ? "" : ` (${formatPeriod(counter.period)})`;
  const units = billableQuantity(meter, overage.billingUnitSize, price.billableUnits);
  const capCents = overage.capCents ?? null;
  const cap = price.capped && capCents !== null ? ` (capped at ${formatCents(capCents)})` : "";
  return {
    kind: "overage",
    meterId,
    periodStart: counter.period.start,
    periodEnd: counter.period.end,
    description:
      `${meter.name} over the included ${includedAmount(meter, allowance)}${when}: ` +
      `${units} × ${formatUnitPrice(price.unitPriceCentsDecimal)}${cap}`,
    quantity: price.overageUnits,
    billableUnits: price.billableUnits,
    unitPriceCentsDecimal: price.unitPriceCentsDecimal,
    capCents,
    capped: price.capped,
    amountCents: price.amountCents,
  };
}

/** Short unit names Stripe-style invoices use; other units are written out. */
const UNIT_ABBREVIATIONS: Readonly<Record<string, string>> = {
  second: "s",
  minute: "min",
  hour: "h",
  megabyte: "MB",
  gigabyte: "GB",
};

/** The allowance in display units ("300" minutes) when whole, else in stored units. */
function includedAmount(meter: Meter, allowance: number): string {
  const { perStoredUnits } = meter.display;
  if (allowance % perStoredUnits === 0) {
    return groupThousands(String(allowance / perStoredUnits));
  }
  return `${groupThousands(String(allowance))} ${unitName(meter.unit, allowance)}`;
}

/**
 * What the customer is charged for: "37 min" (billed per started minute of a meter shown in
 * minutes), "2" (calls, counted as they are stored), or "12 × 1,000 tokens" (a billing unit that
 * is not one display unit).
 */
function billableQuantity(meter: Meter, billingUnitSize: number, billableUnits: number): string {
  const count = groupThousands(String(billableUnits));
  const { unit, perStoredUnits } = meter.display;
  if (billingUnitSize === perStoredUnits) {
    return perStoredUnits === 1 ? count : `${count} ${UNIT_ABBREVIATIONS[unit] ?? unit}`;
  }
  return `${count} × ${groupThousands(String(billingUnitSize))} ${unitName(meter.unit, billingUnitSize)}`;
}

function unitName(unit: string, amount: number): string {
  return amount === 1 ? unit : `${unit}s`;
}

function periodText({ start, end }: Period): string {
  return `[${start.toISOString()}, ${end.toISOString()})`;
}
