/** Unit prices carry at most 6 decimal places of a cent, so micro-cents hold them exactly. */
export const MICRO_CENTS_PER_CENT = 1_000_000n;
/** Ratios carry at most 4 decimal places, so basis points hold them exactly. */
export const BASIS_POINTS_PER_UNIT = 10_000n;

const MICRO_CENT_DIGITS = 6;
const BASIS_POINT_DIGITS = 4;
const DECIMAL_PATTERN = /^(\d+)(?:\.(\d+))?$/;

export type DecimalReading = { ok: true; value: bigint } | { ok: false; problem: string };

/**
 * Reads a non-negative decimal string as an integer count of 10^-digits, exactly: "1.10" with 4
 * digits is 11000. Signs, exponents, spaces and more decimals than `digits` are problems rather
 * than roundings, because a price or ratio that cannot be held exactly should not load.
 */
export function readDecimal(text: string, digits: number): DecimalReading {
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) {
    return { ok: false, problem: `${JSON.stringify(text)} is not a decimal string like "0.15"` };
  }
  const [, whole = "", fraction = ""] = match;
  if (fraction.length > digits) {
    return { ok: false, problem: `${JSON.stringify(text)} has more than ${digits} decimal places` };
  }
  return { ok: true, value: BigInt(whole + fraction.padEnd(digits, "0")) };
}

/** "0.15" (cents) -> 150000n micro-cents. Throws a RangeError for anything not exact. */
export function parseMicroCents(centsDecimal: string): bigint {
  return valueOrThrow(readDecimal(centsDecimal, MICRO_CENT_DIGITS));
}

/** "1.10" -> 11000 basis points. Throws a RangeError for anything not exact. */
export function parseBasisPoints(ratioDecimal: string): bigint {
  return valueOrThrow(readDecimal(ratioDecimal, BASIS_POINT_DIGITS));
}

/** Rounds non-negative micro-cents to cents, half up: 500000n -> 1n, 499999n -> 0n. */
export function roundMicroCentsHalfUp(microCents: bigint): bigint {
  return (microCents + MICRO_CENTS_PER_CENT / 2n) / MICRO_CENTS_PER_CENT;
}

function valueOrThrow(reading: DecimalReading): bigint {
  if (!reading.ok) {
    throw new RangeError(reading.problem);
  }
  return reading.value;
}
