import type { Database } from "@tally/db";
import { type AnyCatalog, isPlanId, planOf } from "@tally/tier-config";
import { accountsCreatedBetween, accountsPerPlan, planChangesBetween } from "../data/admin-report";

const WEEK_MS = 7 * 86_400_000;

function isPaid(catalog: AnyCatalog, planId: string | null): boolean {
  return (
    planId !== null && isPlanId(catalog, planId) && planOf(catalog, planId).priceMonthlyCents > 0
  );
}

/**
 * One week `[weekStart, weekStart + 7 days)`: accounts per plan now, new accounts, and free -> paid
 * conversions, i.e. accounts that moved from a plan without a price to one with a price. The rate
 * is conversions over those converted plus the accounts still on unpaid plans.
 */
export async function weeklyReport(db: Database, catalog: AnyCatalog, weekStart: Date) {
  const weekEnd = new Date(weekStart.getTime() + WEEK_MS);
  const [perPlan, newAccounts, changes] = await Promise.all([
    accountsPerPlan(db),
    accountsCreatedBetween(db, { from: weekStart, to: weekEnd }),
    planChangesBetween(db, { from: weekStart, to: weekEnd }),
  ]);
  const converted = new Set(
    changes
      .filter(
        (change) =>
          change.fromPlanId !== null &&
          !isPaid(catalog, change.fromPlanId) &&
          isPaid(catalog, change.toPlanId),
      )
      .map((change) => change.accountId),
  );
  const unpaidNow = perPlan
    .filter((row) => !isPaid(catalog, row.planId))
    .reduce((sum, row) => sum + row.accounts, 0);
  const base = converted.size + unpaidNow;
  return {
    weekStart,
    weekEnd,
    accountsPerPlan: perPlan,
    newAccounts,
    conversions: converted.size,
    conversionRate: base === 0 ? 0 : converted.size / base,
  };
}
