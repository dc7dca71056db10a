import { parseMicroCents } from "@tally/tier-config";

const MICRO_CENTS_PER_DOLLAR = 100_000_000n;
/** Dollars carry 8 decimal places when written from micro-cents (10^-6 of a cent). */
const DOLLAR_DECIMALS = 8;
const MIN_DOLLAR_DECIMALS = 2;

/** Whole cents as a customer reads them: 2000 -> "$20.00", 105000 -> "$1,050.00". */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) {
    throw new RangeError(`cents must be a non-negative safe integer, got ${cents}`);
  }
  return formatMicroCents(BigInt(cents) * 1_000_000n);
}

/**
 * A unit price in cents, given as the catalog's exact decimal string, in dollars: "8" ->
 * "$0.08", "2500" -> "$25.00", "0.15" -> "$0.0015". Sub-cent prices keep every digit they have,
 * because rounding a unit price on the invoice would make the line's arithmetic look wrong.
 */
export function formatUnitPrice(centsDecimal: string): string {
  return formatMicroCents(parseMicroCents(centsDecimal));
}

function formatMicroCents(microCents: bigint): string {
  const whole = microCents / MICRO_CENTS_PER_DOLLAR;
  const fraction = (microCents % MICRO_CENTS_PER_DOLLAR)
    .toString()
    .padStart(DOLLAR_DECIMALS, "0")
    .replace(/0+$/, "")
    .padEnd(MIN_DOLLAR_DECIMALS, "0");
  return `$${groupThousands(whole.toString())}.${fraction}`;
}

/** "1050" -> "1,050"; digits only, so no locale can change the separator. */
export function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
