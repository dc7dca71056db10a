import { usageCounters } from "@tally/db";
import {
  type AnyCatalog,
  alertLevel,
  type Meter,
  type MeterId,
  meterIds,
  meterOf,
  type OveragePrice,
  priceOverage,
} from "@tally/tier-config";
import { and, eq, inArray } from "drizzle-orm";
import { type AccountEntitlement, entitlementOf, loadAccountState } from "../account-state";
import type { MeteringDeps } from "./deps";
import { projectUsage } from "./project-usage";
import { periodFields, standing } from "./usage-result";
import { requireDate } from "./validate-input";

export interface MeterSummary {
  meterId: MeterId<AnyCatalog>;
  name: string;
  unit: string;
  display: Meter["display"];
  used: number;
  allowance: number | "unlimited";
  hardLimit: number | null;
  ratioBasisPoints: number | null;
  /** The highest alert threshold reached, in percent; null below the first. */
  alertLevel: number | null;
  thresholdsPercent: readonly number[];
  periodStart: Date;
  resetsAt: Date | null;
  /** What the usage so far would cost past the allowance. */
  overage: OveragePrice;
  /** The period's end at the pace so far. */
  projected: { used: number; overage: OveragePrice };
}

/**
 * Every meter of the catalog for one account: its counter in the current period, alert level,
 * overage so far and at the current pace. One query for the state, one for all counters.
 */
export async function usageSummary(
  { db, catalog }: MeteringDeps,
  input: { accountId: string; now: Date },
): Promise<MeterSummary[]> {
  const now = requireDate("now", input.now);
  const { accountId } = input;
  const state = await loadAccountState(db, catalog, accountId, now);
  const meters = meterIds(catalog).map((meterId) => ({
    meterId,
    entitlement: entitlementOf(catalog, state, meterId),
  }));
  if (meters.length === 0) {
    return [];
  }

  const counters = await db
    .select({
      meterId: usageCounters.meterId,
      periodStart: usageCounters.periodStart,
      used: usageCounters.used,
    })
    .from(usageCounters)
    .where(
      and(
        eq(usageCounters.accountId, accountId),
        inArray(
          usageCounters.meterId,
          meters.map(({ meterId }) => meterId),
        ),
        inArray(usageCounters.periodStart, [
          ...new Set(meters.map(({ entitlement }) => entitlement.period.start)),
        ]),
      ),
    );
  // The query may return other meters' rows of the same period starts; keep each meter's own.
  const usedOf = (meterId: string, { period }: AccountEntitlement) =>
    counters.find(
      (row) => row.meterId === meterId && row.periodStart.getTime() === period.start.getTime(),
    )?.used ?? 0;

  return meters.map(({ meterId, entitlement }) => {
    const meter = meterOf(catalog, meterId);
    const used = usedOf(meterId, entitlement);
    const { hardLimit, ratioBasisPoints, allowance } = standing(entitlement, used);
    const projectedUsed = projectUsage({
      used,
      period: entitlement.period,
      now,
      lifetime: entitlement.lifetime,
      unlimited: allowance === "unlimited",
      hardLimit,
    });
    return {
      meterId,
      name: meter.name,
      unit: meter.unit,
      display: meter.display,
      used,
      allowance,
      hardLimit,
      ratioBasisPoints,
      alertLevel: alertLevel(used, allowance, entitlement.thresholdsPercent),
      thresholdsPercent: entitlement.thresholdsPercent,
      ...periodFields(entitlement),
      overage: priceOverage({ used, entitlement }),
      projected: {
        used: projectedUsed,
        overage: priceOverage({ used: projectedUsed, entitlement }),
      },
    };
  });
}
