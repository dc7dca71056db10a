import { type Database, type UsageEvent, usageAlerts, usageCounters, usageEvents } from "@tally/db";
import { LIFETIME_PERIOD } from "@tally/tier-config";
import { and, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { byCrossingOrder, type RaisedAlert, toRaisedAlert } from "../alerts/raised-alert";
import { MeteringError } from "../errors";
import type { UsageResult } from "./usage-result";

export interface ReplayRequest {
  accountId: string;
  idempotencyKey: string;
  meterId: string;
  quantity: number;
}

const releases = alias(usageEvents, "releases");

/**
 * The first answer given for an idempotency key, or null when the key is new. Only called once a
 * write found the key taken (or a call was about to be refused), so the common path never pays
 * for it. The same key for a different meter or quantity is another call reusing the key, and a
 * key whose usage was released belongs to a call that failed: both are refused rather than
 * answered, so nothing is counted zero times or twice.
 */
export async function replayOf(
  db: Database,
  { accountId, idempotencyKey, meterId, quantity }: ReplayRequest,
): Promise<UsageResult | null> {
  const [first] = await db
    .select({
      event: usageEvents,
      releasedBy: releases.id,
      periodEnd: usageCounters.periodEnd,
    })
    .from(usageEvents)
    .leftJoin(releases, eq(releases.releaseOfEventId, usageEvents.id))
    .leftJoin(
      usageCounters,
      and(
        eq(usageCounters.accountId, usageEvents.accountId),
        eq(usageCounters.meterId, usageEvents.meterId),
        eq(usageCounters.periodStart, usageEvents.periodStart),
      ),
    )
    .where(
      and(eq(usageEvents.accountId, accountId), eq(usageEvents.idempotencyKey, idempotencyKey)),
    );
  if (first === undefined) {
    return null;
  }
  const { event, releasedBy, periodEnd } = first;
  const request = { accountId, idempotencyKey, meterId, quantity };
  const alerts = answerable(first, request)
    ? await db
        .select()
        .from(usageAlerts)
        .where(and(eq(usageAlerts.accountId, accountId), eq(usageAlerts.eventId, event.id)))
    : [];
  return replayAnswer(request, { event, releasedBy, periodEnd }, alerts.map(toRaisedAlert));
}

/** The stored event a replayed key names, with its release (if any) and its counter's period end. */
export interface StoredEvent {
  event: Pick<UsageEvent, "id" | "meterId" | "quantity" | "periodStart" | "decision">;
  releasedBy: number | null;
  periodEnd: Date | null;
}

/** Whether a stored event answers this request (so its alerts are worth reading). */
function answerable({ event, releasedBy }: StoredEvent, request: ReplayRequest): boolean {
  return (
    event.meterId === request.meterId && event.quantity === request.quantity && releasedBy === null
  );
}

/**
 * The answer a retry gets from the event that first took its key, with the alerts that event
 * raised; the single and the batch recording paths share it, so both refuse the same reuses.
 */
export function replayAnswer(
  { idempotencyKey, meterId, quantity }: ReplayRequest,
  { event, releasedBy, periodEnd }: StoredEvent,
  alerts: readonly RaisedAlert[],
): UsageResult {
  if (event.meterId !== meterId || event.quantity !== quantity) {
    throw new MeteringError(
      "idempotency_conflict",
      `idempotency key "${idempotencyKey}" was already used for ${event.quantity} of ` +
        `"${event.meterId}"; this call asks for ${quantity} of "${meterId}"`,
      {
        idempotencyKey,
        first: { meterId: event.meterId, quantity: event.quantity },
        requested: { meterId, quantity },
      },
    );
  }
  if (releasedBy !== null) {
    throw new MeteringError(
      "idempotency_conflict",
      `idempotency key "${idempotencyKey}" belongs to a call that failed and was released; ` +
        "retry it with a new key",
      { idempotencyKey, reason: "released", eventId: event.id },
    );
  }
  if (event.decision === null) {
    throw new Error(`usage event ${event.id} has no recorded decision to replay`);
  }
  const lifetime = periodEnd === null || periodEnd.getTime() === LIFETIME_PERIOD.end.getTime();
  return {
    ...event.decision,
    meterId,
    quantity,
    periodStart: event.periodStart,
    resetsAt: lifetime ? null : periodEnd,
    alerts: [...alerts].sort(byCrossingOrder),
    replay: true,
    eventId: event.id,
  };
}
