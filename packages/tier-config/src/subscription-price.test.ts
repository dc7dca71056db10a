import { describe, expect, it } from "vitest";
import { subscriptionPriceCents } from "./subscription-price";
import type { Plan } from "./types";

const base = {
  name: "Plan",
  level: 0,
  priceMonthlyCents: 4900,
  priceAnnualCents: 49_000,
  modules: { groups: [] },
  meters: {},
  features: {},
} satisfies Plan;

describe("subscriptionPriceCents", () => {
  it.each<[string, Plan, "month" | "year", number, number]>([
    ["a plan without seat pricing ignores seats", base, "month", 10, 4900],
    ["the annual price replaces the monthly one", base, "year", 1, 49_000],
    [
      "every seat is paid when none are included",
      { ...base, seatPriceMonthlyCents: 1200 },
      "month",
      3,
      4900 + 3 * 1200,
    ],
    [
      "included seats are free",
      { ...base, seatPriceMonthlyCents: 1200, includedSeats: 5 },
      "month",
      5,
      4900,
    ],
    [
      "one seat past the included ones is paid",
      { ...base, seatPriceMonthlyCents: 1200, includedSeats: 5 },
      "month",
      6,
      4900 + 1200,
    ],
    [
      "a year of a seat is twelve months of it",
      { ...base, seatPriceMonthlyCents: 1200 },
      "year",
      2,
      49_000 + 2 * 12 * 1200,
    ],
  ])("%s", (_guarantee, plan, interval, seats, cents) => {
    expect(subscriptionPriceCents({ plan, interval, seats })).toBe(cents);
  });

  it.each([0, -1, 1.5, Number.NaN])("rejects %s seats with a RangeError", (seats) => {
    expect(() => subscriptionPriceCents({ plan: base, interval: "month", seats })).toThrow(
      "seats must be",
    );
  });
});
