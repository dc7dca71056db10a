import {
  type Database,
  type NewUsageAlert,
  type RecordedDecision,
  sqlState,
  usageAlerts,
} from "@tally/db";
import type { AnyCatalog, MeterId } from "@tally/tier-config";
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { type AccountEntitlement, accountStateAt, entitlementOf } from "../account-state";
import { crossedAlertRows, insertAlertsOnce } from "../alerts/raise-alerts";
import { byCrossingOrder, type RaisedAlert, toRaisedAlert } from "../alerts/raised-alert";
import type { PlanAccess } from "../effective-plan";
import { isMeteringError, MeteringError } from "../errors";
import { alertLines } from "./alert-lines";
import type { MeteringDeps } from "./deps";
import type { RecordUsageInput } from "./record-usage";
import { type ReplayRequest, replayAnswer, type StoredEvent } from "./replay";
import { countedDecision, periodFields, type UsageResult } from "./usage-result";
import {
  requireDate,
  requireIdempotencyKey,
  requireMeterId,
  requireQuantity,
} from "./validate-input";

/** One measured event of a batch: usage that already happened, reported with its own key. */
export interface BatchEvent {
  meterId: string;
  quantity: number;
  idempotencyKey: string;
  /** When the usage happened, if not `now`; the period is always the one `now` falls in. */
  occurredAt?: Date;
  metadata?: Record<string, unknown>;
}

export type RecordUsageBatchInput = Pick<
  RecordUsageInput,
  "accountId" | "now" | "procedure" | "actorUserId" | "apiKeyId" | "state"
> & { events: readonly BatchEvent[] };

/** Each event's own answer, in the order the events came: counted or replayed, or refused. */
export type BatchEventOutcome =
  | { ok: true; result: UsageResult }
  | { ok: false; error: MeteringError };

/** The most events one call takes; a statement's JSON stays well within memory at this size. */
export const MAX_USAGE_BATCH_EVENTS = 10_000;

/**
 * Concurrent writers can take a key between this call's read and its insert; each such race costs
 * one more attempt, and every attempt reads the keys that are taken, so a few always suffice.
 */
const MAX_ATTEMPTS = 5;

/** PostgreSQL's deadlock_detected: two batches took the same keys in another order; one retries. */
const DEADLOCK_DETECTED = "40P01";

/**
 * Records a batch of measured usage for one account in one transaction, with the same answers
 * `recordUsage(..., { mode: "measured" })` would give event by event, in order: a new key is
 * counted at its position in its counter, a key already taken (before or earlier in the batch)
 * replays the first answer, and a key reused for another meter or quantity is refused. The writes
 * are set-based: one statement locks the batch's counters (in meter order, so concurrent batches
 * cannot deadlock on them), one inserts every new event (ON CONFLICT on the idempotency key), one
 * moves each (meter, period) counter by its sum, and one writes the alerts the batch crossed.
 * Holding the counter locks makes every position exact; a key that another writer takes in the
 * meantime shows as an event the insert skipped, which rolls the attempt back and starts again
 * with that key known, so nothing is counted twice or zero times.
 */
export async function recordUsageBatch(
  { db, catalog }: MeteringDeps,
  input: RecordUsageBatchInput,
): Promise<BatchEventOutcome[]> {
  const now = requireDate("now", input.now);
  if (input.events.length > MAX_USAGE_BATCH_EVENTS) {
    throw new MeteringError(
      "invalid_input",
      `a batch takes at most ${MAX_USAGE_BATCH_EVENTS} events, got ${input.events.length}`,
      { field: "events", max: MAX_USAGE_BATCH_EVENTS },
    );
  }
  const { accountId } = input;
  const state = await accountStateAt(db, catalog, { accountId, now, known: input.state });
  const meters = new Map<string, MeterPlan>();
  const checked = input.events.map((event) => checkEvent(catalog, event, now));
  for (const event of checked) {
    if (event.ok && !meters.has(event.meterId)) {
      const entitlement = entitlementOf(catalog, state, event.meterId);
      meters.set(event.meterId, {
        entitlement,
        lines: alertLines(entitlement, entitlement.thresholdsPercent),
      });
    }
  }
  const context: BatchContext = { db, accountId, now, input, meters, access: state.plan.access };

  let known: Map<string, StoredEvent> | null = null;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        return writeBatch(tx, context, checked, known ?? new Map<string, StoredEvent>());
      });
    } catch (error) {
      const raced = error instanceof KeysTaken || sqlState(error) === DEADLOCK_DETECTED;
      if (!raced || attempt === MAX_ATTEMPTS) throw error;
      known = await storedEvents(db, accountId, keysOf(checked));
    }
  }
}

interface MeterPlan {
  entitlement: AccountEntitlement;
  /** Where alerts start; an increment that crosses none of them needs no alert check. */
  lines: readonly number[];
}

interface BatchContext {
  db: Database;
  accountId: string;
  now: Date;
  input: RecordUsageBatchInput;
  meters: ReadonlyMap<string, MeterPlan>;
  access: PlanAccess;
}

type CheckedEvent =
  | {
      ok: true;
      meterId: MeterId<AnyCatalog>;
      quantity: number;
      idempotencyKey: string;
      occurredAt: Date;
      metadata: Record<string, unknown> | undefined;
    }
  | { ok: false; error: MeteringError };

/** The single path's checks, in its order; a refusal is that event's answer only. */
function checkEvent(catalog: AnyCatalog, event: BatchEvent, now: Date): CheckedEvent {
  try {
    const quantity = requireQuantity(event.quantity);
    const meterId = requireMeterId(catalog, event.meterId);
    const idempotencyKey = requireIdempotencyKey(event.idempotencyKey);
    const occurredAt =
      event.occurredAt === undefined ? now : requireDate("occurredAt", event.occurredAt);
    return { ok: true, meterId, quantity, idempotencyKey, occurredAt, metadata: event.metadata };
  } catch (error) {
    if (isMeteringError(error)) return { ok: false, error };
    throw error;
  }
}

function keysOf(events: readonly CheckedEvent[]): string[] {
  return [...new Set(events.flatMap((event) => (event.ok ? [event.idempotencyKey] : [])))];
}

/** An insert skipped keys that another writer took after this attempt looked: start again. */
class KeysTaken extends Error {
  constructor() {
    super(
      "idempotency keys of this batch kept being taken by concurrent writers; nothing was written",
    );
  }
}

/** What an event of the batch turned out to be, before the writes give it an id. */
type Plan =
  | { kind: "refused"; error: MeteringError }
  /** The first event of the batch with its key, and the key is new: it is counted. */
  | {
      kind: "counted";
      ordinal: number;
      meterId: string;
      quantity: number;
      usedBefore: number;
      decision: RecordedDecision;
    }
  /** Its key was taken before this batch. */
  | { kind: "stored"; request: ReplayRequest; stored: StoredEvent }
  /** Its key was counted by an earlier event of this batch. */
  | { kind: "repeat"; request: ReplayRequest; first: number };

async function writeBatch(
  tx: Database,
  context: BatchContext,
  events: readonly CheckedEvent[],
  taken: ReadonlyMap<string, StoredEvent>,
): Promise<BatchEventOutcome[]> {
  const { accountId, meters } = context;
  // The counters this batch moves, locked in meter order before any position is computed.
  const moved = new Set<string>();
  const firstByKey = new Map<string, number>();
  events.forEach((event, index) => {
    if (!event.ok || taken.has(event.idempotencyKey) || firstByKey.has(event.idempotencyKey)) {
      return;
    }
    firstByKey.set(event.idempotencyKey, index);
    moved.add(event.meterId);
  });
  const meterIds = [...moved].sort();
  const usedBefore = await lockCounters(tx, context, meterIds);

  const running = new Map(usedBefore);
  const plans: Plan[] = events.map((event, index) => {
    if (!event.ok) return { kind: "refused", error: event.error };
    const request = {
      accountId,
      idempotencyKey: event.idempotencyKey,
      meterId: event.meterId,
      quantity: event.quantity,
    };
    const stored = taken.get(event.idempotencyKey);
    if (stored !== undefined) return { kind: "stored", request, stored };
    const first = firstByKey.get(event.idempotencyKey);
    if (first !== index && first !== undefined) return { kind: "repeat", request, first };
    const meter = planOf(meters, event.meterId);
    const before = running.get(event.meterId) ?? 0;
    running.set(event.meterId, before + event.quantity);
    return {
      kind: "counted",
      ordinal: index,
      meterId: event.meterId,
      quantity: event.quantity,
      usedBefore: before,
      decision: countedDecision(meter.entitlement, before, event.quantity, context.access),
    };
  });

  const counted = plans.flatMap((plan) => (plan.kind === "counted" ? [plan] : []));
  const eventIds = await insertEvents(tx, context, events, counted);
  if (eventIds.size !== counted.length) throw new KeysTaken();
  if (meterIds.length > 0) {
    await moveCounters(tx, context, meterIds, usedBefore, running);
  }
  const alerts = await raiseBatchAlerts(tx, context, counted, eventIds);
  const storedAlerts = await alertsOfStored(tx, accountId, plans);

  return plans.map((plan): BatchEventOutcome => {
    try {
      return { ok: true, result: answerOf(plan, plans, meters, eventIds, alerts, storedAlerts) };
    } catch (error) {
      if (isMeteringError(error)) return { ok: false, error };
      throw error;
    }
  });
}

function planOf(meters: ReadonlyMap<string, MeterPlan>, meterId: string): MeterPlan {
  const meter = meters.get(meterId);
  if (meter === undefined) throw new Error(`no entitlement was read for meter "${meterId}"`);
  return meter;
}

function answerOf(
  plan: Plan,
  plans: readonly Plan[],
  meters: ReadonlyMap<string, MeterPlan>,
  eventIds: ReadonlyMap<number, number>,
  alerts: ReadonlyMap<number, RaisedAlert[]>,
  storedAlerts: ReadonlyMap<number, RaisedAlert[]>,
): UsageResult {
  switch (plan.kind) {
    case "refused":
      throw plan.error;
    case "counted":
      return countedAnswer(plan, meters, eventIds, alerts);
    case "stored":
      return replayAnswer(plan.request, plan.stored, storedAlerts.get(plan.stored.event.id) ?? []);
    case "repeat": {
      const first = plans[plan.first];
      if (first === undefined || first.kind !== "counted") {
        throw new Error("a repeated key must point at the event that counted it");
      }
      const answer = countedAnswer(first, meters, eventIds, alerts);
      // The first event of the batch is what a later one with its key replays, as it would be
      // had they come one by one.
      return replayAnswer(
        plan.request,
        {
          event: {
            id: answer.eventId ?? 0,
            meterId: first.meterId,
            quantity: first.quantity,
            periodStart: answer.periodStart,
            decision: first.decision,
          },
          releasedBy: null,
          periodEnd: planOf(meters, first.meterId).entitlement.period.end,
        },
        answer.alerts,
      );
    }
  }
}

function countedAnswer(
  plan: Extract<Plan, { kind: "counted" }>,
  meters: ReadonlyMap<string, MeterPlan>,
  eventIds: ReadonlyMap<number, number>,
  alerts: ReadonlyMap<number, RaisedAlert[]>,
): UsageResult {
  const eventId = eventIds.get(plan.ordinal);
  if (eventId === undefined) throw new Error(`event ${plan.ordinal} of the batch has no id`);
  const { decision } = plan;
  const { periodStart, resetsAt } = periodFields(planOf(meters, plan.meterId).entitlement);
  // Written out rather than spread: a batch builds thousands of these, and spreading made the
  // answers a measurable share of a batch's time.
  return {
    outcome: decision.outcome,
    reason: decision.reason,
    meterId: plan.meterId,
    quantity: plan.quantity,
    used: decision.used,
    allowance: decision.allowance,
    hardLimit: decision.hardLimit,
    remaining: decision.remaining,
    ratioBasisPoints: decision.ratioBasisPoints,
    periodStart,
    resetsAt,
    alerts: alerts.get(plan.ordinal) ?? [],
    replay: false,
    eventId,
  };
}

/**
 * Creates the batch's counters that do not exist yet and locks all of them, in meter order, and
 * returns where each stands. A counter created here is only ever left behind with usage in it:
 * every meter locked has at least one event to count, or the attempt rolls back.
 */
async function lockCounters(
  tx: Database,
  { accountId, meters }: BatchContext,
  meterIds: readonly string[],
): Promise<Map<string, number>> {
  if (meterIds.length === 0) return new Map();
  const periods = meterIds.map((meterId) => planOf(meters, meterId).entitlement.period);
  const rows = await rowsOf<{ meter_id: string; used: string }>(
    tx,
    sql`insert into usage_counters as c (account_id, meter_id, period_start, period_end, used)
      select ${accountId}::uuid, u.meter_id, u.period_start, u.period_end, 0
      from unnest(${textArray(meterIds)}::text[],
                  ${textArray(periods.map((period) => period.start.toISOString()))}::timestamptz[],
                  ${textArray(periods.map((period) => period.end.toISOString()))}::timestamptz[])
        with ordinality as u(meter_id, period_start, period_end, position)
      order by u.position
      on conflict (account_id, meter_id, period_start) do update set used = c.used
      returning c.meter_id, c.used::text as used`,
  );
  return new Map(rows.map((row) => [row.meter_id, Number(row.used)]));
}

/** Inserts the counted events in batch order; returns the id of each by its place in the batch. */
async function insertEvents(
  tx: Database,
  { accountId, now, input, meters }: BatchContext,
  events: readonly CheckedEvent[],
  counted: readonly Extract<Plan, { kind: "counted" }>[],
): Promise<Map<number, number>> {
  if (counted.length === 0) return new Map();
  const rows = counted.map((plan) => {
    const event = events[plan.ordinal];
    if (event === undefined || !event.ok) throw new Error("a counted event must be a valid one");
    return {
      o: plan.ordinal,
      m: plan.meterId,
      q: plan.quantity,
      k: event.idempotencyKey,
      p: planOf(meters, plan.meterId).entitlement.period.start.toISOString(),
      t: event.occurredAt.toISOString(),
      d: plan.decision,
      x: event.metadata ?? null,
    };
  });
  const inserted = await rowsOf<{ idempotency_key: string; id: string }>(
    tx,
    sql`insert into usage_events
        (account_id, meter_id, kind, quantity, period_start, idempotency_key, procedure,
         actor_user_id, api_key_id, metadata, occurred_at, recorded_at, decision)
      select ${accountId}::uuid, r.m, 'usage', r.q, r.p, r.k, ${input.procedure ?? null}::text,
             ${input.actorUserId ?? null}::text, ${input.apiKeyId ?? null}::uuid, r.x, r.t,
             ${now.toISOString()}::timestamptz, r.d
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as r(o integer, m text, q bigint, k text, p timestamptz, t timestamptz, d jsonb, x jsonb)
      order by r.o
      on conflict (account_id, idempotency_key) do nothing
      returning idempotency_key, id::text as id`,
  );
  // Counted events have distinct keys, so a key names its place in the batch.
  const ordinalOf = new Map(rows.map((row) => [row.k, row.o]));
  const ids = new Map<number, number>();
  for (const row of inserted) {
    const ordinal = ordinalOf.get(row.idempotency_key);
    if (ordinal !== undefined) ids.set(ordinal, Number(row.id));
  }
  return ids;
}

/** Moves each locked counter by the sum the batch counted on it. */
async function moveCounters(
  tx: Database,
  { accountId, meters }: BatchContext,
  meterIds: readonly string[],
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
): Promise<void> {
  const added = meterIds.map((meterId) => (after.get(meterId) ?? 0) - (before.get(meterId) ?? 0));
  await tx.execute(
    sql`update usage_counters as c set used = c.used + u.added, updated_at = now()
      from unnest(${textArray(meterIds)}::text[],
                  ${textArray(
                    meterIds.map((meterId) =>
                      planOf(meters, meterId).entitlement.period.start.toISOString(),
                    ),
                  )}::timestamptz[],
                  ${textArray(added.map(String))}::bigint[]) as u(meter_id, period_start, added)
      where c.account_id = ${accountId}::uuid and c.meter_id = u.meter_id
        and c.period_start = u.period_start`,
  );
}

/** An alert's unique key within one account's batch. */
function alertKey(row: Pick<NewUsageAlert, "meterId" | "kind" | "thresholdPercent">): string {
  return `${row.meterId}\u0000${row.kind}\u0000${row.thresholdPercent}`;
}

/**
 * The alerts each counted event crossed, written with it; the unique key still absorbs a line
 * crossed again after a release, and only the alerts actually written are answered.
 */
async function raiseBatchAlerts(
  tx: Database,
  { accountId, now, meters }: BatchContext,
  counted: readonly Extract<Plan, { kind: "counted" }>[],
  eventIds: ReadonlyMap<number, number>,
): Promise<Map<number, RaisedAlert[]>> {
  const rows: NewUsageAlert[] = [];
  const ordinalOf = new Map<string, number>();
  for (const plan of counted) {
    const { entitlement, lines } = planOf(meters, plan.meterId);
    const usedAfter = plan.usedBefore + plan.quantity;
    if (!lines.some((line) => line > plan.usedBefore && line <= usedAfter)) continue;
    const eventId = eventIds.get(plan.ordinal);
    if (eventId === undefined) throw new Error(`counted event ${plan.ordinal} has no id`);
    const crossed = crossedAlertRows({
      accountId,
      meterId: plan.meterId,
      periodStart: entitlement.period.start,
      eventId,
      usedBefore: plan.usedBefore,
      usedAfter,
      entitlement,
      thresholdsPercent: entitlement.thresholdsPercent,
      raisedAt: now,
    });
    for (const row of crossed) ordinalOf.set(alertKey(row), plan.ordinal);
    rows.push(...crossed);
  }
  const byOrdinal = new Map<number, RaisedAlert[]>();
  for (const row of await insertAlertsOnce(tx, rows)) {
    const ordinal = ordinalOf.get(alertKey(row));
    if (ordinal === undefined) continue;
    const list = byOrdinal.get(ordinal) ?? [];
    list.push(toRaisedAlert(row));
    byOrdinal.set(ordinal, list.sort(byCrossingOrder));
  }
  return byOrdinal;
}

/** The alerts of the stored events that replays answer with, in one read. */
async function alertsOfStored(
  tx: Database,
  accountId: string,
  plans: readonly Plan[],
): Promise<Map<number, RaisedAlert[]>> {
  const ids = [
    ...new Set(plans.flatMap((plan) => (plan.kind === "stored" ? [plan.stored.event.id] : []))),
  ];
  const byEvent = new Map<number, RaisedAlert[]>();
  if (ids.length === 0) return byEvent;
  const rows = await tx
    .select()
    .from(usageAlerts)
    .where(and(eq(usageAlerts.accountId, accountId), inArray(usageAlerts.eventId, ids)));
  for (const row of rows) {
    if (row.eventId === null) continue;
    const list = byEvent.get(row.eventId) ?? [];
    list.push(toRaisedAlert(row));
    byEvent.set(row.eventId, list);
  }
  return byEvent;
}

/**
 * The events that hold any of `keys` (with their release and counter period end), read once an
 * attempt found keys taken. Read outside the transaction that failed: those keys are committed.
 */
async function storedEvents(
  db: Database,
  accountId: string,
  keys: readonly string[],
): Promise<Map<string, StoredEvent>> {
  const rows = await rowsOf<{
    id: string;
    idempotency_key: string;
    meter_id: string;
    quantity: string;
    period_start: string;
    decision: RecordedDecision | null;
    released_by: string | null;
    period_end: string | null;
  }>(
    db,
    sql`select e.id::text as id, e.idempotency_key, e.meter_id, e.quantity::text as quantity,
             to_json(e.period_start) #>> '{}' as period_start, e.decision,
             r.id::text as released_by, to_json(c.period_end) #>> '{}' as period_end
      from usage_events e
      left join usage_events r on r.release_of_event_id = e.id
      left join usage_counters c on c.account_id = e.account_id and c.meter_id = e.meter_id
        and c.period_start = e.period_start
      where e.account_id = ${accountId}::uuid
        and e.idempotency_key = any(${textArray(keys)}::text[])`,
  );
  return new Map(
    rows.map((row) => [
      row.idempotency_key,
      {
        event: {
          id: Number(row.id),
          meterId: row.meter_id,
          quantity: Number(row.quantity),
          periodStart: new Date(row.period_start),
          decision: row.decision,
        },
        releasedBy: row.released_by === null ? null : Number(row.released_by),
        periodEnd: row.period_end === null ? null : new Date(row.period_end),
      },
    ]),
  );
}

/**
 * An array parameter as PostgreSQL's text form, so both drivers (postgres.js and PGlite) pass it
 * the same way: `{"a","b"}` with quotes and backslashes escaped.
 */
function textArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`).join(",")}}`;
}

/** Rows of a raw statement: postgres.js answers with the rows, PGlite with `{ rows }`. */
async function rowsOf<T>(db: Database, query: SQL): Promise<T[]> {
  const result = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}
