import { type Database, usageAlerts } from "@tally/db";
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

/**
 * Writes the alerts one increment crossed, inside the caller's recording transaction. The caller
 * holds the counter row's lock, so `usedBefore` and `usedAfter` are exact and each line is crossed
 * by one increment only; the unique key still absorbs a line crossed again after a release, and
 * only the alerts actually written are returned.
 */
export async function raiseAlerts(
  tx: Database,
  { usedBefore, usedAfter, entitlement, thresholdsPercent, raisedAt, ...row }: RaiseAlertsInput,
): Promise<RaisedAlert[]> {
  const crossed = crossedAlerts({ usedBefore, usedAfter, entitlement, thresholdsPercent });
  if (crossed.length === 0) {
    return [];
  }
  const { allowance } = entitlement;
  const inserted = await tx
    .insert(usageAlerts)
    .values(
      crossed.map((alert) => ({
        ...row,
        kind: alert.kind,
        thresholdPercent: alert.kind === "usage_threshold" ? alert.thresholdPercent : 0,
        usedAtTrigger: usedAfter,
        allowanceAtTrigger: allowance === "unlimited" ? null : allowance,
        createdAt: raisedAt,
      })),
    )
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
  return inserted.map(toRaisedAlert).sort(byCrossingOrder);
}
