import type { Period } from "@tally/tier-config";

const MONTHS = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
] as const;

/**
 * A period as Stripe writes it on invoices, in UTC: "Nov 10 – Dec 10, 2026", or with both years
 * when it spans a new year: "Dec 10, 2026 – Jan 10, 2027". The end is the next period's start,
 * as on Stripe's own invoices.
 */
export function formatPeriod({ start, end }: Period): string {
  const startYear = start.getUTCFullYear();
  const endYear = end.getUTCFullYear();
  const from = startYear === endYear ? monthDay(start) : `${monthDay(start)}, ${startYear}`;
  return `${from} – ${monthDay(end)}, ${endYear}`;
}

function monthDay(date: Date): string {
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`;
}
