import type { Subscription } from "@tally/db";
import { addMonthsClamped, billingPeriodFor, type Period } from "@tally/tier-config";
import { BillingError } from "../errors";

type BillingSettings = Pick<Subscription, "accountId" | "billingAnchor" | "billingInterval">;

const MONTHS_PER_INTERVAL = { month: 1, year: 12 } as const;

/**
 * The billing period of the subscription that starts at `periodStart`, or a BillingError when no
 * period starts there: billing periods are counted from the anchor, and none comes before it.
 */
export function requireBillingPeriod(subscription: BillingSettings, periodStart: Date): Period {
  const { billingAnchor: anchor, billingInterval: interval } = subscription;
  const period = billingPeriodFor({ anchor, at: periodStart, interval });
  if (period.start.getTime() !== periodStart.getTime() || periodStart < anchor) {
    throw new BillingError(
      "not_a_billing_period",
      `no billing period of account ${subscription.accountId} starts at ${periodStart.toISOString()}`,
      {
        accountId: subscription.accountId,
        periodStart: periodStart.toISOString(),
        nearestPeriodStart: period.start.toISOString(),
      },
    );
  }
  return period;
}

/**
 * Every billing period of the subscription, oldest first, that ended at or before `cutoff`,
 * counted from the anchor. Boundaries add whole intervals to the anchor (never to the previous
 * boundary), as `billingPeriodFor` does, so month-end anchors clamp the same way.
 */
export function endedBillingPeriods(subscription: BillingSettings, cutoff: Date): Period[] {
  const { billingAnchor: anchor, billingInterval: interval } = subscription;
  const step = MONTHS_PER_INTERVAL[interval];
  const periods: Period[] = [];
  let start = anchor;
  for (let index = 1; ; index += 1) {
    const end = addMonthsClamped(anchor, index * step);
    if (end > cutoff) return periods;
    periods.push({ start, end });
    start = end;
  }
}
