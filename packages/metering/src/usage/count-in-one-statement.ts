import {
  type Database,
  type NewUsageEvent,
  type RecordedDecision,
  violatedConstraint,
} from "@tally/db";
import { type SQL, sql } from "drizzle-orm";
import type { AccountEntitlement } from "../account-state";
import { alertLines } from "./alert-lines";
import { preparedRows } from "./prepared-rows";

export interface OneStatementInput {
  event: NewUsageEvent & { periodStart: Date; quantity: number; idempotencyKey: string };
  periodEnd: Date;
  hardLimit: number | null;
  meter: AccountEntitlement;
}

/** How the one-statement write ended. */
export type OneStatementOutcome =
  | { kind: "counted"; decision: RecordedDecision; eventId: number }
  /** The idempotency key already belongs to an event: nothing was written. */
  | { kind: "key_taken" }
  /**
   * Nothing was written because the usage would pass the hard limit or cross an alert line; the
   * recording transaction decides those (and writes the alerts), so this path never has to.
   */
  | { kind: "needs_transaction" };

/** The unique key that makes an idempotency key count once per account. */
const IDEMPOTENCY_KEY_UNIQUE = "usage_events_account_id_idempotency_key_unique";

/**
 * The common case of a recording in one autocommitted statement, one round trip: a key check, the
 * guarded counter upsert and the event insert as data-modifying CTEs, which PostgreSQL applies
 * all or nothing. The counter moves only if the key is new, the hard limit holds and no alert line
 * lies in `(used, used + quantity]`; the event is inserted from the counter's new value, with the
 * decision computed from it by the same rules as `decide` (see `decisionSql`). A key committed by
 * another call in the meantime fails the event insert on its unique key, which undoes the counter
 * too, exactly like the recording transaction's rollback.
 */
export async function countInOneStatement(
  db: Database,
  { event, periodEnd, hardLimit, meter }: OneStatementInput,
): Promise<OneStatementOutcome> {
  const { accountId, meterId, periodStart, quantity, idempotencyKey } = event;
  const lines = alertLines(meter, meter.thresholdsPercent);
  // A new counter starts at 0, so its first insert crosses a line when one lies in (0, quantity].
  const insertCrosses = lines.some((line) => line > 0 && line <= quantity);
  const guards: SQL[] = [];
  if (hardLimit !== null) guards.push(sql`c.used + ${quantity}::bigint <= ${hardLimit}::bigint`);
  if (lines.length > 0) {
    guards.push(sql`not exists (
      select 1 from unnest(${`{${lines.join(",")}}`}::bigint[]) as line
      where line > c.used and line <= c.used + ${quantity}::bigint)`);
  }
  const guard = guards.length === 0 ? sql`` : sql`where ${sql.join(guards, sql` and `)}`;
  const query = sql`
    with taken as (
      select 1 from usage_events
      where account_id = ${accountId}::uuid and idempotency_key = ${idempotencyKey}
    ), counter as (
      insert into usage_counters as c (account_id, meter_id, period_start, period_end, used)
      select ${accountId}::uuid, ${meterId}, ${periodStart.toISOString()}::timestamptz,
             ${periodEnd.toISOString()}::timestamptz, ${quantity}::bigint
      where not exists (select 1 from taken) and ${!insertCrosses}::boolean
      on conflict (account_id, meter_id, period_start) do update
        set used = c.used + ${quantity}::bigint, updated_at = now()
        ${guard}
      returning c.used
    ), inserted as (
      insert into usage_events
        (account_id, meter_id, kind, quantity, period_start, idempotency_key, procedure,
         actor_user_id, api_key_id, metadata, occurred_at, recorded_at, decision)
      select ${accountId}::uuid, ${meterId}, 'usage', ${quantity}::bigint,
             ${periodStart.toISOString()}::timestamptz, ${idempotencyKey}, ${event.procedure ?? null},
             ${event.actorUserId ?? null}, ${event.apiKeyId ?? null}::uuid,
             ${event.metadata === undefined || event.metadata === null ? null : JSON.stringify(event.metadata)}::jsonb,
             ${toIso(event.occurredAt)}::timestamptz, ${toIso(event.recordedAt)}::timestamptz,
             ${decisionSql(meter, hardLimit, sql`counter.used`)}
      from counter
      returning id::text as id, decision
    )
    select (select id from inserted) as event_id,
           (select decision from inserted) as decision,
           exists (select 1 from taken) as taken`;
  let row: { event_id: string | null; decision: RecordedDecision | null; taken: boolean };
  try {
    const rows = await preparedRows<typeof row>(db, query);
    const first = rows[0];
    if (first === undefined) throw new Error("the recording statement returned no row");
    row = first;
  } catch (error) {
    if (violatedConstraint(error) === IDEMPOTENCY_KEY_UNIQUE) return { kind: "key_taken" };
    throw error;
  }
  if (row.taken) return { kind: "key_taken" };
  if (row.event_id === null || row.decision === null) return { kind: "needs_transaction" };
  return { kind: "counted", decision: row.decision, eventId: Number(row.event_id) };
}

function toIso(value: Date | undefined): string {
  return (value ?? new Date()).toISOString();
}

/**
 * `decide`'s answer for usage that was counted (not blocked), as SQL over the counter's new value
 * `used`: past the allowance warns (billed overage or grace), reaching the lowest threshold warns,
 * anything else is allowed; `remaining` counts to the hard limit (or the allowance) and the ratio
 * is in basis points, rounded down, all in integers. The catalog's numbers are known here, so only
 * `used` is left to the database. `decision-sql.test.ts` holds it equal to `countedDecision`.
 */
export function decisionSql(meter: AccountEntitlement, hardLimit: number | null, used: SQL): SQL {
  const { allowance } = meter;
  if (allowance === "unlimited") {
    return sql`jsonb_build_object('outcome', 'allow', 'reason', 'unlimited', 'used', ${used},
      'allowance', 'unlimited', 'hardLimit', null, 'remaining', null, 'ratioBasisPoints', null)`;
  }
  const ceiling = hardLimit ?? allowance;
  const overReason = meter.overage.kind === "per_unit" ? "overage_billed" : "over_allowance_grace";
  const lowest = meter.thresholdsPercent[0];
  const nearLimit =
    lowest === undefined
      ? sql`false`
      : sql`${used} > 0 and ${used} * 100 >= ${allowance}::bigint * ${lowest}::bigint`;
  return sql`jsonb_build_object(
    'outcome', case when ${used} > ${allowance}::bigint or (${nearLimit}) then 'warn' else 'allow' end,
    'reason', case when ${used} > ${allowance}::bigint then ${overReason}::text
                   when ${nearLimit} then 'near_limit' else 'within_allowance' end,
    'used', ${used},
    'allowance', ${allowance}::bigint,
    'hardLimit', ${hardLimit}::bigint,
    'remaining', greatest(0, ${ceiling}::bigint - ${used}),
    'ratioBasisPoints', ${allowance === 0 ? sql`null::bigint` : sql`(${used} * 10000) / ${allowance}::bigint`})`;
}
