import { assertValidDate } from "./assert";
import type { MeterReset } from "./types";

/** A half-open UTC interval: `start` is inside it, `end` is the next period's start. */
export interface Period {
  start: Date;
  end: Date;
}

export type BillingInterval = "month" | "year";

/** The single period of a meter that never resets. Every real usage instant falls inside it. */
export const LIFETIME_PERIOD: Readonly<Period> = Object.freeze({
  start: utcDate(1970, 0, 1),
  end: utcDate(9999, 11, 31),
});

const MONTHS_PER_INTERVAL: Record<BillingInterval, number> = { month: 1, year: 12 };

/**
 * `date` moved by `months` calendar months in UTC, keeping its time of day, with the day clamped
 * to the target month's length: Jan 31 + 1 is Feb 28 (or 29), Jan 31 + 2 is Mar 31. Billing
 * periods always add to the anchor rather than to the previous period's start, because
 * chaining would lose the 31st for good after the first short month.
 */
export function addMonthsClamped(date: Date, months: number): Date {
  assertValidDate("date", date);
  if (!Number.isSafeInteger(months)) {
    throw new RangeError(`months must be a safe integer, got ${months}`);
  }
  const monthIndex = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
  const result = new Date(date.getTime());
  result.setUTCFullYear(year, month, day);
  if (Number.isNaN(result.getTime())) {
    throw new RangeError(`${months} months from ${date.toISOString()} is beyond the Date range`);
  }
  return result;
}

export interface BillingPeriodInput {
  /** When the subscription's billing started; every period boundary derives from it. */
  anchor: Date;
  at: Date;
  interval: BillingInterval;
}

/**
 * The billing period that contains `at`: [anchor + k intervals, anchor + (k + 1) intervals) for
 * the one integer k that fits, negative when `at` is before the anchor.
 */
export function billingPeriodFor({ anchor, at, interval }: BillingPeriodInput): Period {
  assertValidDate("anchor", anchor);
  assertValidDate("at", at);
  const step = MONTHS_PER_INTERVAL[interval];
  const boundary = (index: number) => addMonthsClamped(anchor, index * step);

  // Counting calendar months gets within one period of the answer; clamped days and the time
  // of day can leave it one off either way, which the two loops correct.
  const monthsApart =
    (at.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + at.getUTCMonth() - anchor.getUTCMonth();
  let index = Math.floor(monthsApart / step);
  while (boundary(index) > at) {
    index -= 1;
  }
  while (boundary(index + 1) <= at) {
    index += 1;
  }
  return { start: boundary(index), end: boundary(index + 1) };
}

export interface PeriodInput extends BillingPeriodInput {
  reset: MeterReset;
}

/** The period a meter with this reset counts `at` in. Only `billing_period` reads the anchor. */
export function periodFor({ reset, at, anchor, interval }: PeriodInput): Period {
  assertValidDate("at", at);
  assertValidDate("anchor", anchor);
  switch (reset) {
    case "billing_period":
      return billingPeriodFor({ anchor, at, interval });
    case "calendar_month":
      return {
        start: utcDate(at.getUTCFullYear(), at.getUTCMonth(), 1),
        end: utcDate(at.getUTCFullYear(), at.getUTCMonth() + 1, 1),
      };
    case "day":
      return {
        start: utcDate(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()),
        end: utcDate(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1),
      };
    case "never":
      if (at < LIFETIME_PERIOD.start || at >= LIFETIME_PERIOD.end) {
        throw new RangeError(`at (${at.toISOString()}) is outside the lifetime period`);
      }
      // Copies, because a caller that moves a Date in place must not move the constant.
      return { start: new Date(LIFETIME_PERIOD.start), end: new Date(LIFETIME_PERIOD.end) };
  }
}

function daysInMonth(year: number, month: number): number {
  return utcDate(year, month + 1, 0).getUTCDate();
}

/**
 * Midnight UTC of a calendar day; out-of-range months and days roll over. Unlike Date.UTC, this
 * does not read years 0..99 as 1900..1999.
 */
function utcDate(year: number, month: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  return date;
}
