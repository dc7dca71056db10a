import { decide } from "@tally/tier-config";
import { type AccountState, accountStateAt, entitlementOf } from "../account-state";
import { readCounter } from "./counter-queries";
import type { MeteringDeps } from "./deps";
import { accessReason, periodFields, standing, type UsageResult } from "./usage-result";
import { requireDate, requireMeterId, requireQuantity } from "./validate-input";

export interface CheckEntitlementInput {
  accountId: string;
  meterId: string;
  /** The size of the call being considered; 1 when omitted. */
  quantity?: number;
  now: Date;
  /** The account's state, if the caller just read it at `now`; saves a query. */
  state?: AccountState;
}

/**
 * Where a meter stands and what a call of `quantity` would get, without writing anything: the
 * numbers are the counter as it is now, the outcome is the decision such a call would receive.
 * Two reads, both by key (the account state and one counter row), whatever the size of the call
 * log. Read-only and blocked accounts still get their numbers, with the outcome `block`.
 */
export async function checkEntitlement(
  { db, catalog }: MeteringDeps,
  input: CheckEntitlementInput,
): Promise<UsageResult> {
  const quantity = input.quantity === undefined ? 1 : requireQuantity(input.quantity);
  const meterId = requireMeterId(catalog, input.meterId);
  const now = requireDate("now", input.now);
  const state = await accountStateAt(db, catalog, {
    accountId: input.accountId,
    now,
    known: input.state,
  });
  const meter = entitlementOf(catalog, state, meterId);
  const used = await readCounter(db, {
    accountId: input.accountId,
    meterId,
    periodStart: meter.period.start,
  });

  const decision = decide({
    used,
    quantity,
    entitlement: meter,
    thresholdsPercent: meter.thresholdsPercent,
  });
  const refusedBy = accessReason(state.plan.access);
  return {
    outcome: refusedBy === null ? decision.outcome : "block",
    reason: refusedBy ?? decision.reason,
    meterId,
    quantity,
    ...standing(meter, used),
    ...periodFields(meter),
    alerts: [],
    replay: false,
    eventId: null,
  };
}
