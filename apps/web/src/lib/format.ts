import type { Meter } from "@tally/tier-config";

type Display = Meter["display"];

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string): Intl.NumberFormat {
  const key = currency.toUpperCase();
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat("en-US", { style: "currency", currency: key });
    moneyFormats.set(key, format);
  }
  return format;
}

/** Integer cents as money: 340 -> "$3.40". The division is exact for any safe integer of cents. */
export function formatCents(cents: number, currency = "usd"): string {
  if (!Number.isSafeInteger(cents)) {
    throw new RangeError(`cents must be a safe integer, got ${cents}`);
  }
  return moneyFormat(currency).format(cents / 100);
}

/**
 * A unit price held as a decimal string of cents ("10" is ten cents, "0.15" is 0.15 cent) as
 * money, without going through a float: "10" -> "$0.10", "2500" -> "$25.00", "0.15" -> "$0.0015".
 */
export function formatCentsDecimal(centsDecimal: string, currency = "usd"): string {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(centsDecimal);
  if (!match) throw new RangeError(`${JSON.stringify(centsDecimal)} is not a decimal of cents`);
  const [, whole = "0", fraction = ""] = match;
  const padded = whole.padStart(3, "0");
  const dollars = `${padded.slice(0, -2)}.${padded.slice(-2)}${fraction}`.replace(/0+$/, "");
  const decimals = Math.max(2, dollars.length - dollars.indexOf(".") - 1);
  const format = new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: currency.toUpperCase(),
    minimumFractionDigits: 2,
    maximumFractionDigits: decimals,
  });
  // Intl formats a numeric string exactly (no float rounding) in every current engine.
  return format.format(dollars as `${number}`);
}

/** A monthly or annual price: "$29/mo", "$290/yr", "Free". Whole dollars drop their cents. */
export function formatPrice(cents: number, interval: "month" | "year", currency = "usd"): string {
  if (cents === 0) return "Free";
  const text = formatCents(cents, currency).replace(/\.00$/, "");
  return `${text}/${interval === "month" ? "mo" : "yr"}`;
}

const amountFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/** Stored units in display units: 5100 seconds as minutes is "85"; 90 seconds is "1.5". */
export function formatAmount(stored: number, display: Display): string {
  return amountFormat.format(stored / display.perStoredUnits);
}

/** "minute" -> "minutes" unless the amount is exactly one. */
export function unitLabel(unit: string, amount: number): string {
  return amount === 1 ? unit : `${unit}s`;
}

/** Stored units with their display unit: 5100 seconds -> "85 minutes", 1 call -> "1 call". */
export function formatQuantity(stored: number, display: Display): string {
  const amount = stored / display.perStoredUnits;
  return `${formatAmount(stored, display)} ${unitLabel(display.unit, amount)}`;
}

/** "used / allowance" in display units, e.g. "102 / 120 minutes" or "3 calls · unlimited". */
export function formatUsedOfAllowance(
  used: number,
  allowance: number | "unlimited",
  display: Display,
): string {
  if (allowance === "unlimited") return `${formatQuantity(used, display)} · unlimited`;
  const allowanceAmount = allowance / display.perStoredUnits;
  return `${formatAmount(used, display)} / ${formatAmount(allowance, display)} ${unitLabel(display.unit, allowanceAmount)}`;
}

/** An allowance as a plan table shows it: "120 minutes", "Unlimited", "Not included". */
export function formatAllowance(allowance: number | "unlimited", display: Display): string {
  if (allowance === "unlimited") return "Unlimited";
  if (allowance === 0) return "Not included";
  return formatQuantity(allowance, display);
}

// Periods and resets are UTC instants at midnight; showing them in UTC keeps "resets Dec 11"
// from reading as Dec 10 west of Greenwich.
const dayFormat = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  timeZone: "UTC",
});
const dayYearFormat = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  year: "numeric",
  timeZone: "UTC",
});
const timeFormat = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
});

/** A period boundary: "May 31". */
export function formatDay(iso: string): string {
  return dayFormat.format(new Date(iso));
}

/** A period boundary with its year: "May 31, 2026". */
export function formatDayYear(iso: string): string {
  return dayYearFormat.format(new Date(iso));
}

/** A moment in the reader's own time zone: "Nov 23, 7:04 PM". */
export function formatTime(iso: string): string {
  return timeFormat.format(new Date(iso));
}
