import { assertPositiveCount } from "./assert";
import type { BillingInterval } from "./period";
import type { Plan } from "./types";

const MONTHS_PER_INTERVAL: Record<BillingInterval, number> = { month: 1, year: 12 };

export interface SubscriptionPriceInput {
  plan: Plan;
  interval: BillingInterval;
  /** Users on the subscription; at least 1. */
  seats: number;
}

/**
 * What one billing interval of a plan costs before overage: the base price, plus the seat price
 * for every seat beyond the included ones. Seats are priced monthly only, so a year of a seat
 * costs twelve months of it.
 */
export function subscriptionPriceCents({ plan, interval, seats }: SubscriptionPriceInput): number {
  assertPositiveCount("seats", seats);
  const base = interval === "year" ? plan.priceAnnualCents : plan.priceMonthlyCents;
  const paidSeats = Math.max(0, seats - (plan.includedSeats ?? 0));
  const seatPrice = (plan.seatPriceMonthlyCents ?? 0) * MONTHS_PER_INTERVAL[interval];
  return base + paidSeats * seatPrice;
}
