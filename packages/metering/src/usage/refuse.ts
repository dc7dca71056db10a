import type { Database } from "@tally/db";
import type { AccountEntitlement } from "../account-state";
import { type CounterKey, readCounter } from "./counter-queries";
import { type ReplayRequest, replayOf } from "./replay";
import { periodFields, standing, type UsageReason, type UsageResult } from "./usage-result";

export interface RefusalInput extends ReplayRequest {
  counter: CounterKey;
  meter: AccountEntitlement;
  reason: UsageReason;
}

/**
 * The answer to a call that writes nothing: a retry of a call counted before still gets its first
 * answer (the limit or the plan may have changed since), anything else is blocked with the
 * counter as it stands.
 */
export async function refuse(
  db: Database,
  { counter, meter, reason, ...request }: RefusalInput,
): Promise<UsageResult> {
  const [first, used] = await Promise.all([replayOf(db, request), readCounter(db, counter)]);
  if (first !== null) {
    return first;
  }
  return {
    outcome: "block",
    reason,
    meterId: request.meterId,
    quantity: request.quantity,
    ...standing(meter, used),
    ...periodFields(meter),
    alerts: [],
    replay: false,
    eventId: null,
  };
}
