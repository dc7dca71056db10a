import { describe, expect, it } from "vitest";
import { type OveragePrice, priceOverage } from "./price-overage";
import type { Entitlement } from "./types";

/** Lifestyle's AI voice minutes: 120 minutes, then 10 cents per started minute, at most $20. */
const perMinuteCapped: Entitlement = {
  allowance: 7200,
  overage: { kind: "per_unit", unitPriceCentsDecimal: "10", billingUnitSize: 60, capCents: 2000 },
};
const perReport: Entitlement = {
  allowance: 300,
  overage: { kind: "per_unit", unitPriceCentsDecimal: "150", billingUnitSize: 1 },
};
const fractionOfACent: Entitlement = {
  allowance: 0,
  overage: { kind: "per_unit", unitPriceCentsDecimal: "0.15", billingUnitSize: 1 },
};

describe("priceOverage", () => {
  it.each<[string, Entitlement, number, Partial<OveragePrice>]>([
    ["nothing within the allowance", perMinuteCapped, 7000, { overageUnits: 0, amountCents: 0 }],
    [
      "nothing exactly at the allowance",
      perMinuteCapped,
      7200,
      { billableUnits: 0, amountCents: 0 },
    ],
    [
      "one second past is one started minute",
      perMinuteCapped,
      7201,
      { overageUnits: 1, billableUnits: 1, amountCents: 10 },
    ],
    [
      "a full minute past is one minute",
      perMinuteCapped,
      7260,
      { billableUnits: 1, amountCents: 10 },
    ],
    [
      "one second into the next minute",
      perMinuteCapped,
      7261,
      { billableUnits: 2, amountCents: 20 },
    ],
    [
      "30.5 minutes past is 31 started minutes",
      perMinuteCapped,
      7200 + 1830,
      { billableUnits: 31, amountCents: 310 },
    ],
    ["just below the cap", perMinuteCapped, 7200 + 199 * 60, { amountCents: 1990, capped: false }],
    [
      "exactly at the cap is not capped",
      perMinuteCapped,
      7200 + 200 * 60,
      { amountCents: 2000, capped: false },
    ],
    [
      "cap reached: one minute past it",
      perMinuteCapped,
      7200 + 201 * 60,
      { uncappedCents: 2010, amountCents: 2000, capped: true },
    ],
    [
      "cap reached: 600 minutes cost $20, not $60",
      perMinuteCapped,
      7200 + 600 * 60,
      { uncappedCents: 6000, amountCents: 2000, capped: true },
    ],
    ["one report past at $1.50", perReport, 301, { billableUnits: 1, amountCents: 150 }],
    ["no cap: 700 reports past", perReport, 1000, { amountCents: 105_000, capped: false }],
  ])("%s", (_guarantee, entitlement, used, expected) => {
    expect(priceOverage({ used, entitlement })).toMatchObject(expected);
  });

  it.each([
    [1, 0], // 0.15 cent rounds down
    [3, 0], // 0.45 cent rounds down
    [4, 1], // 0.60 cent rounds up
    [10, 2], // exactly 1.5 cents rounds half up
    [7, 1], // 1.05 cents
  ])("rounds %s units at 0.15 cent half up to %s cents, once per line", (used, cents) => {
    expect(priceOverage({ used, entitlement: fractionOfACent }).amountCents).toBe(cents);
  });

  it("describes the whole line", () => {
    expect(priceOverage({ used: 7200 + 1830, entitlement: perMinuteCapped })).toEqual({
      overageUnits: 1830,
      billableUnits: 31,
      unitPriceCentsDecimal: "10",
      uncappedCents: 310,
      amountCents: 310,
      capped: false,
    });
  });

  it.each<[string, Entitlement]>([
    ["block", { allowance: 20, overage: { kind: "block" } }],
    ["grace", { allowance: 50, overage: { kind: "grace", graceRatio: "1.10" } }],
    ["unlimited", { allowance: "unlimited", overage: { kind: "block" } }],
  ])("never charges %s usage", (_kind, entitlement) => {
    expect(priceOverage({ used: 1_000_000, entitlement })).toEqual({
      overageUnits: 0,
      billableUnits: 0,
      unitPriceCentsDecimal: null,
      uncappedCents: 0,
      amountCents: 0,
      capped: false,
    });
  });

  it("never charges at a unit price of zero", () => {
    const free: Entitlement = {
      allowance: 5000,
      overage: { kind: "per_unit", unitPriceCentsDecimal: "0", billingUnitSize: 1 },
    };
    expect(priceOverage({ used: 9000, entitlement: free })).toMatchObject({
      overageUnits: 4000,
      amountCents: 0,
    });
  });

  it("is exact down to a micro-cent: 4.5 cents rounds up, 4.499999 cents down", () => {
    const oneMicroCent: Entitlement = {
      allowance: 0,
      overage: { kind: "per_unit", unitPriceCentsDecimal: "0.000001", billingUnitSize: 1 },
    };
    expect(priceOverage({ used: 4_500_000, entitlement: oneMicroCent }).amountCents).toBe(5);
    expect(priceOverage({ used: 4_499_999, entitlement: oneMicroCent }).amountCents).toBe(4);
  });

  it.each([Number.NaN, -1, 0.5, Number.POSITIVE_INFINITY])(
    "rejects used = %s with a RangeError",
    (used) => {
      expect(() => priceOverage({ used, entitlement: perReport })).toThrow("used must be");
    },
  );

  it("refuses an amount too large to hold exactly in a number", () => {
    const expensive: Entitlement = {
      allowance: 0,
      overage: { kind: "per_unit", unitPriceCentsDecimal: "1000000000", billingUnitSize: 1 },
    };
    expect(() => priceOverage({ used: 10_000_000, entitlement: expensive })).toThrow(RangeError);
  });
});
