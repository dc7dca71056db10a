import { type Database, usageEvents } from "@tally/db";
import { and, eq, sql } from "drizzle-orm";

const DAY_MS = 86_400_000;

export interface DailyUsageInput {
  accountId: string;
  meterId: string;
  /** The counter period shown: its events are found through the (account, meter, period) index. */
  periodStart: Date;
  /**
   * A one-time allowance's period starts at the beginning of time; its chart starts on the first
   * day with usage instead.
   */
  lifetime: boolean;
  /** The last day shown is the one holding `until`. */
  until: Date;
}

export interface DailyUsage {
  /** A UTC day, `YYYY-MM-DD`. */
  day: string;
  /** What the day added to the counter: usage minus the reservations given back. */
  used: number;
}

/**
 * One counter period's usage per UTC day, for the dashboard's chart, with a zero for every day
 * that had none. It reads the call log once per chart view, never on a metered call's path.
 */
export async function dailyUsage(db: Database, input: DailyUsageInput): Promise<DailyUsage[]> {
  const day = sql<string>`to_char(${usageEvents.occurredAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const rows = await db
    .select({
      day,
      used: sql<string>`sum(case when ${usageEvents.kind} = 'usage' then ${usageEvents.quantity} else -${usageEvents.quantity} end)`,
    })
    .from(usageEvents)
    .where(
      and(
        eq(usageEvents.accountId, input.accountId),
        eq(usageEvents.meterId, input.meterId),
        eq(usageEvents.periodStart, input.periodStart),
      ),
    )
    .groupBy(day);
  const usedOn = new Map(rows.map((row) => [row.day, Number(row.used)]));

  const days: DailyUsage[] = [];
  const firstUsed = [...usedOn.keys()].sort()[0];
  const from = input.lifetime
    ? firstUsed === undefined
      ? input.until
      : new Date(firstUsed)
    : input.periodStart;
  const first = Math.floor(from.getTime() / DAY_MS) * DAY_MS;
  for (let at = first; at <= input.until.getTime(); at += DAY_MS) {
    const key = new Date(at).toISOString().slice(0, 10);
    days.push({ day: key, used: usedOn.get(key) ?? 0 });
  }
  return days;
}
