import { assertCount } from "./assert";
import { MICRO_CENTS_PER_CENT, parseMicroCents, roundMicroCentsHalfUp } from "./decimal";
import type { Entitlement } from "./types";

export interface PriceOverageInput {
  /** Usage in the period, in the meter's stored unit. */
  used: number;
  entitlement: Entitlement;
}

export interface OveragePrice {
  /** Stored units beyond the allowance. */
  overageUnits: number;
  /** overageUnits in billing units, rounded up (per started minute, say). */
  billableUnits: number;
  unitPriceCentsDecimal: string | null;
  /** What the overage would cost without a cap. */
  uncappedCents: number;
  amountCents: number;
  /** True when the cap lowered the amount. */
  capped: boolean;
}

const NO_CHARGE: OveragePrice = {
  overageUnits: 0,
  billableUnits: 0,
  unitPriceCentsDecimal: null,
  uncappedCents: 0,
  amountCents: 0,
  capped: false,
};

/**
 * Prices one period's overage on one meter, which becomes one invoice line.
 *
 * The rounding rule, the only one in Tally: amount = billableUnits × unit price, exactly, in
 * micro-cents; then the cap; then round half up to the cent, once per line. Because the cap is a
 * whole number of cents, capping before or after rounding gives the same cents.
 *
 * Only `per_unit` overage is ever charged; `block`, `grace` and unlimited cost nothing.
 */
export function priceOverage({ used, entitlement }: PriceOverageInput): OveragePrice {
  assertCount("used", used);
  const { allowance, overage } = entitlement;
  if (allowance === "unlimited" || overage.kind !== "per_unit") {
    return { ...NO_CHARGE };
  }

  const overageUnits = Math.max(0, used - allowance);
  const unitSize = BigInt(overage.billingUnitSize);
  const billableUnits = (BigInt(overageUnits) + unitSize - 1n) / unitSize;
  const uncappedMicroCents = billableUnits * parseMicroCents(overage.unitPriceCentsDecimal);
  const capMicroCents =
    overage.capCents === undefined ? null : BigInt(overage.capCents) * MICRO_CENTS_PER_CENT;
  const capped = capMicroCents !== null && uncappedMicroCents > capMicroCents;
  const amountMicroCents = capped ? capMicroCents : uncappedMicroCents;

  return {
    overageUnits,
    billableUnits: Number(billableUnits),
    unitPriceCentsDecimal: overage.unitPriceCentsDecimal,
    uncappedCents: toSafeCents(roundMicroCentsHalfUp(uncappedMicroCents)),
    amountCents: toSafeCents(roundMicroCentsHalfUp(amountMicroCents)),
    capped,
  };
}

/** Refuses to turn cents into a number that could not hold them exactly. */
function toSafeCents(cents: bigint): number {
  if (cents > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`overage of ${cents} cents is beyond Number.MAX_SAFE_INTEGER`);
  }
  return Number(cents);
}
