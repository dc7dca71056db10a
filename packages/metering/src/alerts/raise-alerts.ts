import { type Database, type NewUsageAlert, type UsageAlert, usageAlerts } from "@tally/db";
import { crossedAlerts, type Entitlement } from "@tally/tier-config";
import { byCrossingOrder, type RaisedAlert, toRaisedAlert } from "./raised-alert";

export interface RaiseAlertsInput {
  accountId: string;
  meterId: string;
  periodStart: Date;
  /** The usage event that moved the counter. */
  eventId: number;
  usedBefore: number;
  usedAfter: number;
  entitlement: Entitlement;
  thresholdsPercent: readonly number[];
  /** The recording's `now`, so alerts sort with the usage that raised them. */
  raisedAt: Date;
}

/** The alert rows one increment crossed (none when it crossed no line). */
export function crossedAlertRows({
  usedBefore,
  usedAfter,
  entitlement,
  thresholdsPercent,
  raisedAt,
  ...row
}: RaiseAlertsInput): NewUsageAlert[] {
  const { allowance } = entitlement;
  return crossedAlerts({ usedBefore, usedAfter, entitlement, thresholdsPercent }).map((alert) => ({
    ...row,
    kind: alert.kind,
    thresholdPercent: alert.kind === "usage_threshold" ? alert.thresholdPercent : 0,
    usedAtTrigger: usedAfter,
    allowanceAtTrigger: allowance === "unlimited" ? null : allowance,
    createdAt: raisedAt,
  }));
}

/**
 * Writes alert rows inside the caller's recording transaction and returns the ones written: the
 * unique key (one alert of a kind and threshold per meter and period) absorbs a line crossed again
 * after a release.
 */
export async function insertAlertsOnce(
  tx: Database,
  rows: readonly NewUsageAlert[],
): Promise<UsageAlert[]> {
  if (rows.length === 0) return [];
  return tx
    .insert(usageAlerts)
    .values([...rows])
    .onConflictDoNothing({
      target: [
        usageAlerts.accountId,
        usageAlerts.meterId,
        usageAlerts.periodStart,
        usageAlerts.kind,
        usageAlerts.thresholdPercent,
      ],
    })
    .returning();
}

/**
 * Writes the alerts one increment crossed, inside the caller's recording transaction. The caller
 * holds the counter row's lock, so `usedBefore` and `usedAfter` are exact and each line is crossed
 * by one increment only; only the alerts actually written are returned.
 */
export async function raiseAlerts(tx: Database, input: RaiseAlertsInput): Promise<RaisedAlert[]> {
  const inserted = await insertAlertsOnce(tx, crossedAlertRows(input));
  return inserted.map(toRaisedAlert).sort(byCrossingOrder);
}
