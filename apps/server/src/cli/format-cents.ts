/** Integer cents as dollars, exactly: 123456 -> "$1,234.56". Sums from SQL arrive as strings. */
export function formatCents(cents: number | bigint | string): string {
  const value = BigInt(cents);
  const sign = value < 0n ? "-" : "";
  const magnitude = value < 0n ? -value : value;
  const dollars = (magnitude / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const rest = (magnitude % 100n).toString().padStart(2, "0");
  return `${sign}$${dollars}.${rest}`;
}
