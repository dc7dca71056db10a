import type { UsageLogItem } from "./api-types";

const DAY_MS = 86_400_000;

export interface DailyTotal {
  /** The UTC day, "2026-11-05". */
  day: string;
  /** Net stored units that day: usage minus releases. */
  used: number;
}

/**
 * Net usage per UTC day over [from, to), one entry for every day even when nothing happened, so
 * a chart's bars line up with the calendar. A release takes back the usage it names.
 */
export function dailyTotals(
  items: readonly Pick<UsageLogItem, "kind" | "quantity" | "occurredAt">[],
  from: string,
  to: string,
): DailyTotal[] {
  const start = Math.floor(Date.parse(from) / DAY_MS) * DAY_MS;
  const end = Date.parse(to);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) return [];
  const totals = new Map<string, number>();
  for (let at = start; at < end; at += DAY_MS) {
    totals.set(dayKey(at), 0);
  }
  for (const item of items) {
    const key = dayKey(Date.parse(item.occurredAt));
    const current = totals.get(key);
    if (current === undefined) continue;
    totals.set(key, current + (item.kind === "release" ? -item.quantity : item.quantity));
  }
  return [...totals].map(([day, used]) => ({ day, used }));
}

function dayKey(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}
