import type { Database } from "@tally/db";
import { type AnyCatalog, entitlementFor, isMeterId, isPlanId } from "@tally/tier-config";
import { countersTouchedSince } from "../data/admin-usage";

const DAY_MS = 86_400_000;

/**
 * Accounts whose usage on some meter reached its allowance (plan or override) and that used the
 * meter today (UTC): the operators' "who is hitting limits" list.
 */
export async function overLimitToday(db: Database, catalog: AnyCatalog, now: Date) {
  const startOfDay = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const rows = await countersTouchedSince(db, { since: startOfDay });
  return rows.flatMap((row) => {
    if (!isPlanId(catalog, row.planId) || !isMeterId(catalog, row.meterId)) return [];
    // An override row with a null allowance means unlimited.
    const allowance =
      row.overrideMeterId === null
        ? entitlementFor(catalog, row.planId, row.meterId).allowance
        : (row.overrideAllowance ?? "unlimited");
    if (allowance === "unlimited" || row.used < allowance || row.periodEnd <= now) return [];
    return [
      {
        accountId: row.accountId,
        name: row.name,
        slug: row.slug,
        planId: row.planId,
        meterId: row.meterId,
        used: row.used,
        limit: allowance,
        ratio: allowance === 0 ? null : row.used / allowance,
        periodStart: row.periodStart,
      },
    ];
  });
}
