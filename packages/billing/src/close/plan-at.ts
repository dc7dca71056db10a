import type { Subscription, SubscriptionEvent } from "@tally/db";
import { effectivePlan } from "@tally/metering";
import { type AnyCatalog, billingPeriodFor, type PlanId } from "@tally/tier-config";

/** The part of a history line that says what plan and overrides an account had. */
export type PlanEvent = Pick<
  SubscriptionEvent,
  "action" | "fromPlanId" | "toPlanId" | "details"
> & {
  createdAt: Date;
};

/** Everything billing knows about an account's past terms. */
export interface AccountHistory {
  /** The subscription as stored now. */
  subscription: Subscription;
  /** Its history lines, oldest first. */
  events: readonly PlanEvent[];
  /** The `limit_overrides` rows as stored now, by meter; null allowance is unlimited. */
  overrides: ReadonlyMap<string, number | null>;
}

/**
 * The plan an account was on at `at`, reconstructed from its history so that a change made later
 * (an upgrade after a period ended) never changes what an earlier period is billed.
 *
 * - From the last history line on, nothing has changed the stored row, so its lazy reading
 *   (`effectivePlan`: a due downgrade or cancel applied) is exact.
 * - Before the first line, the account was on that line's starting plan.
 * - In between, the lines are replayed. A scheduled downgrade or cancel takes effect at the end
 *   of the billing period it was scheduled in, even when the job that writes it down runs later.
 */
export function planAt(catalog: AnyCatalog, history: AccountHistory, at: Date): PlanId<AnyCatalog> {
  const { subscription, events } = history;
  const first = events[0];
  const last = events[events.length - 1];
  if (first === undefined || last === undefined || last.createdAt <= at) {
    return effectivePlan(catalog, subscription, at).planId;
  }
  if (first.createdAt > at) {
    return first.fromPlanId ?? first.toPlanId ?? subscription.planId;
  }

  const { billingAnchor: anchor, billingInterval: interval } = subscription;
  let planId = first.fromPlanId ?? first.toPlanId ?? subscription.planId;
  let pending: { planId: string; at: Date } | null = null;
  for (const event of events) {
    if (event.createdAt > at) break;
    if (pending !== null && pending.at <= event.createdAt) {
      planId = pending.planId;
      pending = null;
    }
    switch (event.action) {
      case "downgrade_scheduled":
      case "cancel_scheduled":
        planId = event.fromPlanId ?? planId;
        pending =
          event.toPlanId === null
            ? null
            : {
                planId: event.toPlanId,
                at: billingPeriodFor({ anchor, at: event.createdAt, interval }).end,
              };
        break;
      case "limit_override_set":
      case "limit_override_cleared":
        // These lines copy the stored plan, which may lag a change that is already due.
        break;
      default:
        planId = event.toPlanId ?? planId;
        pending = null;
    }
  }
  if (pending !== null && pending.at <= at) planId = pending.planId;
  return planId;
}

/**
 * The limit override on `meterId` at `at`: the allowance of the last override line at or before
 * it, null when there was none or it had been cleared. An override with no history line at all
 * (written straight to the table) is taken as always in effect, since the metering engine
 * enforces it.
 */
export function allowanceOverrideAt(
  history: AccountHistory,
  meterId: string,
  at: Date,
): number | "unlimited" | null {
  let found = false;
  let allowance: number | "unlimited" | null = null;
  for (const event of history.events) {
    if (event.details?.meterId !== meterId) continue;
    if (event.action !== "limit_override_set" && event.action !== "limit_override_cleared") {
      continue;
    }
    found = true;
    if (event.createdAt > at) break;
    allowance =
      event.action === "limit_override_set" ? (event.details.allowance ?? "unlimited") : null;
  }
  if (found) return allowance;
  const stored = history.overrides.get(meterId);
  if (stored === undefined) return null;
  return stored ?? "unlimited";
}
