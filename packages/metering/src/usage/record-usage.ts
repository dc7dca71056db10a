import { type Database, type NewUsageEvent, type RecordedDecision, usageEvents } from "@tally/db";
import { hardLimitFor } from "@tally/tier-config";
import {
  type AccountEntitlement,
  type AccountState,
  accountStateAt,
  entitlementOf,
} from "../account-state";
import { raiseAlerts } from "../alerts/raise-alerts";
import type { RaisedAlert } from "../alerts/raised-alert";
import type { PlanAccess } from "../effective-plan";
import { type CounterKey, incrementCounter } from "./counter-queries";
import type { MeteringDeps } from "./deps";
import { countInGroup } from "./recording-group";
import { refuse } from "./refuse";
import { type ReplayRequest, replayOf } from "./replay";
import { accessReason, countedDecision, periodFields, type UsageResult } from "./usage-result";
import {
  requireDate,
  requireIdempotencyKey,
  requireMeterId,
  requireQuantity,
} from "./validate-input";

/**
 * `enforce`: the call has not happened yet and may be refused (a hard limit blocks it, writing
 * nothing). `measured`: the usage already happened (the seconds of a finished voice call), so it
 * is always counted and the decision is only reported.
 */
export type UsageMode = "enforce" | "measured";

export interface RecordUsageInput {
  accountId: string;
  meterId: string;
  quantity: number;
  /** The caller's key for this call: a retry with the same key is answered, not counted again. */
  idempotencyKey: string;
  now: Date;
  mode?: UsageMode;
  procedure?: string;
  actorUserId?: string;
  apiKeyId?: string;
  metadata?: Record<string, unknown>;
  /** When the usage happened, if not `now`; the period is always the one `now` falls in. */
  occurredAt?: Date;
  /** The account's state, if the caller just read it at `now`; saves a query. */
  state?: AccountState;
}

/** Thrown inside the recording transaction to roll it back when the idempotency key is taken. */
class KeyTaken extends Error {}

/**
 * Counts usage exactly once. One transaction moves the counter (guarded by the hard limit in
 * enforce mode), appends the event with the decision it was answered with, and writes the alerts
 * it crossed. A key that is already taken rolls all of it back and answers with the first result.
 * Most recordings cross no alert line and pass no limit; those are written by one statement with
 * the same effect, shared with the recordings that arrive at the same time (see `countInGroup`),
 * and only the rest open the transaction.
 */
export async function recordUsage(
  { db, catalog }: MeteringDeps,
  input: RecordUsageInput,
): Promise<UsageResult> {
  const quantity = requireQuantity(input.quantity);
  const meterId = requireMeterId(catalog, input.meterId);
  const idempotencyKey = requireIdempotencyKey(input.idempotencyKey);
  const now = requireDate("now", input.now);
  const occurredAt =
    input.occurredAt === undefined ? now : requireDate("occurredAt", input.occurredAt);
  const enforce = (input.mode ?? "enforce") === "enforce";
  const { accountId } = input;

  const state = await accountStateAt(db, catalog, { accountId, now, known: input.state });
  const meter = entitlementOf(catalog, state, meterId);
  const hardLimit = enforce ? hardLimitFor(meter) : null;
  const counter: CounterKey = { accountId, meterId, periodStart: meter.period.start };
  const request = { accountId, idempotencyKey, meterId, quantity };

  if (enforce) {
    // Usage starts from zero, so a quantity above the hard limit can never fit; refusing it here
    // also keeps a new period's first insert, which has no guard, within the limit.
    const refusal =
      accessReason(state.plan.access) ??
      (hardLimit !== null && quantity > hardLimit ? "limit_reached" : null);
    if (refusal !== null) {
      return refuse(db, { ...request, counter, meter, reason: refusal });
    }
  }

  const event = {
    ...counter,
    kind: "usage" as const,
    quantity,
    idempotencyKey,
    procedure: input.procedure,
    actorUserId: input.actorUserId,
    apiKeyId: input.apiKeyId,
    metadata: input.metadata,
    occurredAt,
    recordedAt: now,
  } satisfies NewUsageEvent;
  // Usage that an account without access reports anyway is answered as blocked, which only the
  // transaction below decides; every other recording first tries the one-statement path.
  if (state.plan.access === "full") {
    const written = await countInGroup(db, { event, meter });
    if (written.kind === "key_taken") return replayTaken(db, request);
    if (written.kind === "counted") {
      return {
        ...written.decision,
        meterId,
        quantity,
        ...periodFields(meter),
        alerts: [],
        replay: false,
        eventId: written.eventId,
      };
    }
  }

  let counted: Counted | null;
  try {
    counted = await countUsage(db, {
      event,
      periodEnd: meter.period.end,
      hardLimit,
      meter,
      access: state.plan.access,
      now,
    });
  } catch (error) {
    if (!(error instanceof KeyTaken)) throw error;
    return replayTaken(db, request);
  }
  if (counted === null) {
    return refuse(db, { ...request, counter, meter, reason: "limit_reached" });
  }
  return {
    ...counted.decision,
    meterId,
    quantity,
    ...periodFields(meter),
    alerts: counted.alerts,
    replay: false,
    eventId: counted.eventId,
  };
}

/** The first answer for a key that a write found taken; the event behind a taken key never goes. */
async function replayTaken(db: Database, request: ReplayRequest): Promise<UsageResult> {
  const first = await replayOf(db, request);
  if (first === null) {
    throw new Error(`idempotency key "${request.idempotencyKey}" was taken, but its event is gone`);
  }
  return first;
}

interface CountInput {
  event: NewUsageEvent;
  periodEnd: Date;
  hardLimit: number | null;
  meter: AccountEntitlement;
  access: PlanAccess;
  now: Date;
}

interface Counted {
  decision: RecordedDecision;
  eventId: number;
  alerts: RaisedAlert[];
}

/**
 * The recording transaction: the guarded counter update first (its row lock orders concurrent
 * calls on the meter, and it returns the exact position this call was counted at), then the event
 * and the alerts. Null when the hard limit refused the usage; throws KeyTaken, rolling everything
 * back, when the idempotency key already belongs to another event.
 */
function countUsage(
  db: Database,
  { event, periodEnd, hardLimit, meter, access, now }: CountInput,
): Promise<Counted | null> {
  const { accountId, meterId, periodStart, quantity } = event;
  return db.transaction(async (tx) => {
    const usedAfter = await incrementCounter(
      tx,
      { accountId, meterId, periodStart, periodEnd },
      quantity,
      hardLimit,
    );
    if (usedAfter === null) {
      return null;
    }
    const usedBefore = usedAfter - quantity;
    const decision = countedDecision(meter, usedBefore, quantity, access);
    const [inserted] = await tx
      .insert(usageEvents)
      .values({ ...event, decision })
      .onConflictDoNothing({ target: [usageEvents.accountId, usageEvents.idempotencyKey] })
      .returning({ id: usageEvents.id });
    if (inserted === undefined) {
      throw new KeyTaken();
    }
    const alerts = await raiseAlerts(tx, {
      accountId,
      meterId,
      periodStart,
      eventId: inserted.id,
      usedBefore,
      usedAfter,
      entitlement: meter,
      thresholdsPercent: meter.thresholdsPercent,
      raisedAt: now,
    });
    return { decision, eventId: inserted.id, alerts };
  });
}
