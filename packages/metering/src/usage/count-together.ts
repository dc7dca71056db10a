import type { Database, RecordedDecision } from "@tally/db";
import { type SQL, sql } from "drizzle-orm";
import { alertLines } from "./alert-lines";
import {
  type DecisionNumbers,
  type DecisionTerms,
  decisionNumbersOf,
  decisionSql,
  type OneStatementInput,
  type OneStatementOutcome,
  toIso,
} from "./count-in-one-statement";
import { preparedRows } from "./prepared-rows";

/**
 * How a recording of a grouped statement ended: as `countInOneStatement` would have it, or, when
 * its counter does not exist yet, not at all: creating a counter is the one-row statement's job.
 */
export type TogetherOutcome = OneStatementOutcome | { kind: "no_counter" };

/** A recording as a row of the grouped statement's input, named as the input's columns. */
interface InputRow {
  ordinal: number;
  account_id: string;
  meter_id: string;
  period_start: string;
  quantity: number;
  idempotency_key: string;
  procedure: string | null;
  actor_user_id: string | null;
  api_key_id: string | null;
  metadata: unknown;
  occurred_at: string;
  recorded_at: string;
  alert_lines: number[];
  allowance: DecisionNumbers["allowance"];
  hard_limit: DecisionNumbers["hardLimit"];
  over_reason: DecisionNumbers["overReason"];
  lowest_percent: DecisionNumbers["lowestPercent"];
}

export function inputRowOf({ event, meter }: OneStatementInput, ordinal: number): InputRow {
  const numbers = decisionNumbersOf(meter);
  return {
    ordinal,
    account_id: event.accountId,
    meter_id: event.meterId,
    period_start: event.periodStart.toISOString(),
    quantity: event.quantity,
    idempotency_key: event.idempotencyKey,
    procedure: event.procedure ?? null,
    actor_user_id: event.actorUserId ?? null,
    api_key_id: event.apiKeyId ?? null,
    metadata: event.metadata ?? null,
    occurred_at: toIso(event.occurredAt),
    recorded_at: toIso(event.recordedAt),
    alert_lines: alertLines(meter, meter.thresholdsPercent),
    allowance: numbers.allowance,
    hard_limit: numbers.hardLimit,
    over_reason: numbers.overReason,
    lowest_percent: numbers.lowestPercent,
  };
}

/**
 * The rows as the relation `i`, passed as one JSON parameter whatever their number, so the
 * statement's text, and with it its prepared plan, is the same for every group.
 */
export function inputRelation(rows: readonly InputRow[]): SQL {
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as i(
    ordinal integer, account_id uuid, meter_id text, period_start timestamptz, quantity bigint,
    idempotency_key text, procedure text, actor_user_id text, api_key_id uuid, metadata jsonb,
    occurred_at timestamptz, recorded_at timestamptz, alert_lines bigint[], allowance bigint,
    hard_limit bigint, over_reason text, lowest_percent bigint)`;
}

/** Each input row's own catalog numbers, for `decisionSql`. */
export const inputDecisionTerms: DecisionTerms = {
  allowance: sql`i.allowance`,
  hardLimit: sql`i.hard_limit`,
  overReason: sql`i.over_reason`,
  lowestPercent: sql`i.lowest_percent`,
};

/**
 * Several recordings in one autocommitted statement, each with exactly the effect and the outcome
 * `countInOneStatement` would give it were they sent one by one in their order: a recording counts
 * only if its key is new, and its counter moves by all the recordings it gets here at once, and
 * only if for each of them in turn its hard limit holds and none of its alert lines lies in
 * `(used, used + quantity]` at its own position; otherwise none of them moves it (the recording
 * transaction then takes each one). Each event carries the decision at its own position. Callers
 * give a key once at most: the key check reads the table as it was before the statement. The
 * counters are locked first, in key order, so concurrent groups cannot deadlock on them; the
 * UPDATE moves each counter once (as `UPDATE ... FROM` would anyway) and re-checks its guards on
 * the newest version of its row (READ COMMITTED), so limits hold under concurrency. The sort
 * before the event insert makes every counter move before any key is claimed. A key committed by
 * another writer meanwhile fails the whole statement on its unique key; nothing is written then.
 */
export async function countTogether(
  db: Database,
  inputs: readonly OneStatementInput[],
): Promise<TogetherOutcome[]> {
  const sameCounter = (a: string, b: string) =>
    sql.raw(`${a}.account_id = ${b}.account_id and ${a}.meter_id = ${b}.meter_id
      and ${a}.period_start = ${b}.period_start`);
  const query = sql`
    with input as (
      select * from ${inputRelation(inputs.map(inputRowOf))}
    ), taken as (
      -- A correlated subquery in the select list runs per input row as a lookup by the unique
      -- key. Written as EXISTS in the WHERE clause, PostgreSQL turned it into a semi join, and
      -- its plan, made while usage_events was still small, kept scanning the whole table for
      -- every group as it grew (on a fresh database: 0.33 ms of database CPU per recording in
      -- the peer benchmark, against 0.20 ms with the lookup).
      select ordinal from (
        select i.ordinal, (select true from usage_events e
                           where e.account_id = i.account_id
                             and e.idempotency_key = i.idempotency_key) as found
        from input i) lookup
      where found
    ), queued as (
      -- Each new recording with the quantity its counter moves by up to and including it.
      select i.*, (sum(i.quantity) over (
               partition by i.account_id, i.meter_id, i.period_start order by i.ordinal))::bigint
             as upto
      from input i where i.ordinal not in (select ordinal from taken)
    ), counters as (
      -- Per counter: what the group moves it by, the most it may stand at before (its hard
      -- limits), and the values it may not stand at before: [low, high) for each recording and
      -- each of its alert lines that the recording would cross from there.
      select q.account_id, q.meter_id, q.period_start, q.total, q.room,
             coalesce(f.lows, '{}') as lows, coalesce(f.highs, '{}') as highs
      from (select account_id, meter_id, period_start, sum(quantity)::bigint as total,
                   min(hard_limit - upto) as room
            from queued group by account_id, meter_id, period_start) q
      left join (select account_id, meter_id, period_start, array_agg(line - upto) as lows,
                        array_agg(line - upto + quantity) as highs
                 from queued cross join unnest(alert_lines) as line
                 group by account_id, meter_id, period_start) f
        using (account_id, meter_id, period_start)
    ), locked as (
      select c.account_id, c.meter_id, c.period_start
      from usage_counters c join counters t on ${sameCounter("c", "t")}
      order by c.account_id, c.meter_id, c.period_start
      for update of c
    ), moved as (
      -- The guards read only the joined row's columns and the counter: PostgreSQL re-evaluates
      -- them on the counter's newest version when another writer moved it meanwhile, and a guard
      -- that scanned another CTE here let increments through on that re-evaluation (seen in
      -- recording-group.test.ts under load).
      update usage_counters c set used = c.used + t.total, updated_at = now()
      from counters t join locked l on ${sameCounter("l", "t")}
      where ${sameCounter("c", "t")}
        and (t.room is null or c.used <= t.room)
        and not exists (select 1 from unnest(t.lows, t.highs) as f(low, high)
                        where c.used >= f.low and c.used < f.high)
      returning c.account_id, c.meter_id, c.period_start, c.used - t.total as before
    ), inserted as (
      insert into usage_events
        (account_id, meter_id, kind, quantity, period_start, idempotency_key, procedure,
         actor_user_id, api_key_id, metadata, occurred_at, recorded_at, decision)
      select i.account_id, i.meter_id, 'usage', i.quantity, i.period_start, i.idempotency_key,
             i.procedure, i.actor_user_id, i.api_key_id, i.metadata, i.occurred_at, i.recorded_at,
             ${decisionSql(inputDecisionTerms, sql`(m.before + i.upto)`)}
      from moved m join queued i on ${sameCounter("i", "m")}
      order by i.ordinal
      returning account_id, idempotency_key, id::text as id, decision
    )
    select e.id as event_id, e.decision,
           i.ordinal in (select ordinal from taken) as taken,
           exists (select 1 from locked l where ${sameCounter("l", "i")}) as counter_found
    from input i
    left join inserted e on e.account_id = i.account_id and e.idempotency_key = i.idempotency_key
    order by i.ordinal`;
  const rows = await preparedRows<{
    event_id: string | null;
    decision: RecordedDecision | null;
    taken: boolean;
    counter_found: boolean;
  }>(db, query);
  if (rows.length !== inputs.length) {
    throw new Error(`the grouped statement answered ${rows.length} of ${inputs.length} rows`);
  }
  return rows.map((row): TogetherOutcome => {
    if (row.taken) return { kind: "key_taken" };
    if (row.event_id !== null && row.decision !== null) {
      return { kind: "counted", decision: row.decision, eventId: Number(row.event_id) };
    }
    return row.counter_found ? { kind: "needs_transaction" } : { kind: "no_counter" };
  });
}
