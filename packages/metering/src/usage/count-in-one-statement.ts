import {
  type Database,
  type NewUsageEvent,
  type RecordedDecision,
  violatedConstraint,
} from "@tally/db";
import { hardLimitFor } from "@tally/tier-config";
import { type SQL, sql } from "drizzle-orm";
import type { AccountEntitlement } from "../account-state";
import { alertLines } from "./alert-lines";
import { preparedRows } from "./prepared-rows";

export interface OneStatementInput {
  event: NewUsageEvent & { periodStart: Date; quantity: number; idempotencyKey: string };
  /** The entitlement at the recording's instant; its period is the counter's. */
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
 * too, exactly like the recording transaction's rollback. The hard limit guards measured usage as
 * well: usage past it is answered as blocked, which only the transaction decides.
 */
export async function countInOneStatement(
  db: Database,
  { event, meter }: OneStatementInput,
): Promise<OneStatementOutcome> {
  const { accountId, meterId, periodStart, quantity, idempotencyKey } = event;
  const numbers = decisionNumbersOf(meter);
  const { hardLimit } = numbers;
  const lines = alertLines(meter, meter.thresholdsPercent);
  // A new counter starts at 0, so its first insert crosses a line when one lies in (0, quantity],
  // and passes the hard limit when the quantity alone does.
  const insertNeedsTransaction =
    lines.some((line) => line > 0 && line <= quantity) ||
    (hardLimit !== null && quantity > hardLimit);
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
             ${meter.period.end.toISOString()}::timestamptz, ${quantity}::bigint
      where not exists (select 1 from taken) and ${!insertNeedsTransaction}::boolean
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
             ${decisionSql(decisionParameters(numbers), sql`counter.used`)}
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

export function toIso(value: Date | undefined): string {
  return (value ?? new Date()).toISOString();
}

/**
 * The catalog's numbers a counted decision depends on: the allowance (null when unlimited), the
 * hard limit (null when nothing blocks), the reason usage past the allowance gets, and the lowest
 * alert threshold in percent (null when there is none).
 */
export interface DecisionNumbers {
  allowance: number | null;
  hardLimit: number | null;
  overReason: "overage_billed" | "over_allowance_grace";
  lowestPercent: number | null;
}

/** The same numbers as SQL of their types: parameters for one row, an input's columns for many. */
export type DecisionTerms = Record<keyof DecisionNumbers, SQL>;

export function decisionNumbersOf(meter: AccountEntitlement): DecisionNumbers {
  return {
    allowance: meter.allowance === "unlimited" ? null : meter.allowance,
    hardLimit: hardLimitFor(meter),
    overReason: meter.overage.kind === "per_unit" ? "overage_billed" : "over_allowance_grace",
    lowestPercent: meter.thresholdsPercent[0] ?? null,
  };
}

export function decisionParameters(numbers: DecisionNumbers): DecisionTerms {
  return {
    allowance: sql`${numbers.allowance}::bigint`,
    hardLimit: sql`${numbers.hardLimit}::bigint`,
    overReason: sql`${numbers.overReason}::text`,
    lowestPercent: sql`${numbers.lowestPercent}::bigint`,
  };
}

/**
 * `decide`'s answer for usage that was counted within the hard limit, as SQL over the counter's
 * new value `used`: unlimited allows; past the allowance warns (billed overage or grace), reaching
 * the lowest threshold warns, anything else is allowed; `remaining` counts to the hard limit (or
 * the allowance) and the ratio is in basis points, rounded down, all in integers. The catalog's
 * numbers are terms, not text, so one statement serves every meter and a group of rows each with
 * its own. `one-statement-rules.test.ts` holds it equal to `countedDecision`.
 */
export function decisionSql(terms: DecisionTerms, used: SQL): SQL {
  const { allowance, hardLimit, overReason, lowestPercent } = terms;
  const nearLimit = sql`(${lowestPercent} is not null and ${used} > 0
    and ${used} * 100 >= ${allowance} * ${lowestPercent})`;
  return sql`case when ${allowance} is null then jsonb_build_object(
      'outcome', 'allow', 'reason', 'unlimited', 'used', ${used}, 'allowance', 'unlimited',
      'hardLimit', null, 'remaining', null, 'ratioBasisPoints', null)
    else jsonb_build_object(
      'outcome', case when ${used} > ${allowance} or ${nearLimit} then 'warn' else 'allow' end,
      'reason', case when ${used} > ${allowance} then ${overReason}
                     when ${nearLimit} then 'near_limit' else 'within_allowance' end,
      'used', ${used},
      'allowance', ${allowance},
      'hardLimit', ${hardLimit},
      'remaining', greatest(0, coalesce(${hardLimit}, ${allowance}) - ${used}),
      'ratioBasisPoints', case when ${allowance} = 0 then null else (${used} * 10000) / ${allowance} end)
    end`;
}
