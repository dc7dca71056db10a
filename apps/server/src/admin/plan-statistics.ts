import type { Database } from "@tally/db";
import { type AnyCatalog, isPlanId, planOf } from "@tally/tier-config";
import { subscriptionCounts } from "../data/admin-subscriptions";

/** Subscriptions by plan and by billing interval, with the recurring revenue they stand for. */
export async function planStatistics(db: Database, catalog: AnyCatalog) {
  const rows = await subscriptionCounts(db);
  const byPlan = new Map<
    string,
    { planId: string; accounts: number; byStatus: Record<string, number> }
  >();
  const byInterval = new Map<string, number>();
  let monthlyRecurringCents = 0;
  for (const row of rows) {
    const entry = byPlan.get(row.planId) ?? { planId: row.planId, accounts: 0, byStatus: {} };
    entry.accounts += row.accounts;
    entry.byStatus[row.status] = (entry.byStatus[row.status] ?? 0) + row.accounts;
    byPlan.set(row.planId, entry);
    byInterval.set(row.interval, (byInterval.get(row.interval) ?? 0) + row.accounts);
    if ((row.status === "active" || row.status === "past_due") && isPlanId(catalog, row.planId)) {
      const plan = planOf(catalog, row.planId);
      // Annual plans count at a twelfth of their price per month, rounded down to the cent.
      const monthly =
        row.interval === "year" ? Math.floor(plan.priceAnnualCents / 12) : plan.priceMonthlyCents;
      monthlyRecurringCents += monthly * row.accounts;
    }
  }
  return {
    byPlan: [...byPlan.values()],
    byInterval: [...byInterval.entries()].map(([interval, accounts]) => ({ interval, accounts })),
    monthlyRecurringCents,
  };
}
