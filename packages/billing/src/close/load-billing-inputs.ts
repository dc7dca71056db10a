import {
  type Database,
  limitOverrides,
  type Subscription,
  subscriptionEvents,
  type UsageCounter,
  usageCounters,
} from "@tally/db";
import type { Period } from "@tally/tier-config";
import { and, asc, gt, inArray, lte } from "drizzle-orm";
import type { AccountHistory, PlanEvent } from "./plan-at";

/** One account's billing period to invoice (or to preview). */
export interface DuePeriod {
  subscription: Subscription;
  period: Period;
}

/** The key of one account's billing period in the maps below. */
export function periodKey(accountId: string, periodStart: Date): string {
  return `${accountId}|${periodStart.toISOString()}`;
}

/**
 * The history of every given account, with two queries whatever their number: the history lines
 * and the stored limit overrides.
 */
export async function loadHistories(
  db: Database,
  subscriptions: readonly Subscription[],
): Promise<Map<string, AccountHistory>> {
  const accountIds = subscriptions.map((subscription) => subscription.accountId);
  const histories = new Map<
    string,
    { subscription: Subscription; events: PlanEvent[]; overrides: Map<string, number | null> }
  >();
  for (const subscription of subscriptions) {
    histories.set(subscription.accountId, { subscription, events: [], overrides: new Map() });
  }
  if (accountIds.length === 0) return histories;

  const [events, overrides] = await Promise.all([
    db
      .select({
        accountId: subscriptionEvents.accountId,
        action: subscriptionEvents.action,
        fromPlanId: subscriptionEvents.fromPlanId,
        toPlanId: subscriptionEvents.toPlanId,
        details: subscriptionEvents.details,
        createdAt: subscriptionEvents.createdAt,
      })
      .from(subscriptionEvents)
      .where(inArray(subscriptionEvents.accountId, accountIds))
      .orderBy(asc(subscriptionEvents.accountId), asc(subscriptionEvents.createdAt)),
    db
      .select({
        accountId: limitOverrides.accountId,
        meterId: limitOverrides.meterId,
        allowance: limitOverrides.allowance,
      })
      .from(limitOverrides)
      .where(inArray(limitOverrides.accountId, accountIds)),
  ]);
  for (const { accountId, ...event } of events) {
    histories.get(accountId)?.events.push(event);
  }
  for (const { accountId, meterId, allowance } of overrides) {
    histories.get(accountId)?.overrides.set(meterId, allowance);
  }
  return histories;
}

/**
 * The usage counters billed in each due period, keyed by `periodKey`: those whose period ends in
 * (start, end]. One query for all the accounts, over the span of their periods; each counter is
 * then given to the one due period of its account it ends in (counters of periods already
 * invoiced, between two due ones, belong to none and are dropped).
 */
export async function loadBilledCounters(
  db: Database,
  due: readonly DuePeriod[],
): Promise<Map<string, UsageCounter[]>> {
  const byKey = new Map<string, UsageCounter[]>();
  const periodsByAccount = new Map<string, Period[]>();
  let earliestStart: Date | null = null;
  let latestEnd: Date | null = null;
  for (const { subscription, period } of due) {
    byKey.set(periodKey(subscription.accountId, period.start), []);
    const periods = periodsByAccount.get(subscription.accountId) ?? [];
    periods.push(period);
    periodsByAccount.set(subscription.accountId, periods);
    if (earliestStart === null || period.start < earliestStart) earliestStart = period.start;
    if (latestEnd === null || period.end > latestEnd) latestEnd = period.end;
  }
  if (earliestStart === null || latestEnd === null) return byKey;

  const counters = await db
    .select()
    .from(usageCounters)
    .where(
      and(
        inArray(usageCounters.accountId, [...periodsByAccount.keys()]),
        gt(usageCounters.periodEnd, earliestStart),
        lte(usageCounters.periodEnd, latestEnd),
      ),
    );
  for (const counter of counters) {
    const period = periodsByAccount
      .get(counter.accountId)
      ?.find(({ start, end }) => counter.periodEnd > start && counter.periodEnd <= end);
    if (period !== undefined) byKey.get(periodKey(counter.accountId, period.start))?.push(counter);
  }
  return byKey;
}
