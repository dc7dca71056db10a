/**
 * `unit_amount_decimal * quantity` in whole cents, rounded half-up, computed on integers so no
 * floating point touches money. `unitAmountDecimal` is validated text such as "0.0825".
 */
export function amountFromDecimal(unitAmountDecimal: string, quantity: number): number {
  const [whole = "0", fraction = ""] = unitAmountDecimal.split(".");
  const scale = 10n ** BigInt(fraction.length);
  const scaled = BigInt(whole + fraction) * BigInt(quantity);
  const cents = (scaled * 2n + scale) / (scale * 2n);
  return Number(cents);
}
