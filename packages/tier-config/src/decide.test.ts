import { describe, expect, it } from "vitest";
import { type Decision, decide } from "./decide";
import type { Entitlement } from "./types";

const THRESHOLDS = [80, 100];
const block20: Entitlement = { allowance: 20, overage: { kind: "block" } };
const block0: Entitlement = { allowance: 0, overage: { kind: "block" } };
const grace50: Entitlement = { allowance: 50, overage: { kind: "grace", graceRatio: "1.10" } };
const perUnit300: Entitlement = {
  allowance: 300,
  overage: { kind: "per_unit", unitPriceCentsDecimal: "150", billingUnitSize: 1 },
};
const unlimited: Entitlement = { allowance: "unlimited", overage: { kind: "block" } };

describe("decide", () => {
  it.each<[string, Entitlement, number, number, Partial<Decision>]>([
    [
      "first unit, far from the limit",
      block20,
      0,
      1,
      { outcome: "allow", reason: "within_allowance" },
    ],
    ["one unit below the lowest threshold", block20, 14, 1, { outcome: "allow", remaining: 5 }],
    [
      "exactly at the lowest threshold (80%)",
      block20,
      15,
      1,
      { outcome: "warn", reason: "near_limit" },
    ],
    [
      "exactly at the allowance",
      block20,
      19,
      1,
      { outcome: "warn", reason: "near_limit", remaining: 0 },
    ],
    [
      "one unit past the allowance (block)",
      block20,
      20,
      1,
      { outcome: "block", reason: "limit_reached" },
    ],
    ["a batch that would cross the limit", block20, 18, 5, { outcome: "block", remaining: 2 }],
    [
      "allowance 0 blocks the first unit",
      block0,
      0,
      1,
      { outcome: "block", hardLimit: 0, remaining: 0 },
    ],
    ["grace: at 80% warns", grace50, 39, 1, { outcome: "warn", reason: "near_limit" }],
    [
      "grace: one past the allowance warns",
      grace50,
      50,
      1,
      { outcome: "warn", reason: "over_allowance_grace" },
    ],
    ["grace: exactly at the grace limit (55th)", grace50, 54, 1, { outcome: "warn", remaining: 0 }],
    [
      "grace: one unit past the grace limit (56th)",
      grace50,
      55,
      1,
      { outcome: "block", reason: "limit_reached" },
    ],
    [
      "per_unit: one unit past the allowance bills",
      perUnit300,
      300,
      1,
      { outcome: "warn", reason: "overage_billed" },
    ],
    [
      "per_unit: far past the allowance still bills",
      perUnit300,
      10_000,
      1,
      { outcome: "warn", hardLimit: null },
    ],
    [
      "unlimited never warns or blocks",
      unlimited,
      1e12,
      1,
      { outcome: "allow", reason: "unlimited" },
    ],
  ])("%s", (_guarantee, entitlement, used, quantity, expected) => {
    expect(decide({ used, quantity, entitlement, thresholdsPercent: THRESHOLDS })).toMatchObject(
      expected,
    );
  });

  it("reports usage, limits and ratio for the dashboard and the logs", () => {
    expect(
      decide({ used: 40, quantity: 2, entitlement: grace50, thresholdsPercent: THRESHOLDS }),
    ).toEqual({
      outcome: "warn",
      reason: "near_limit",
      usedAfter: 42,
      allowance: 50,
      hardLimit: 55,
      remaining: 13,
      ratioBasisPoints: 8400,
    });
  });

  it("counts remaining up to the allowance when there is no hard limit", () => {
    const decision = decide({
      used: 100,
      quantity: 1,
      entitlement: perUnit300,
      thresholdsPercent: THRESHOLDS,
    });
    expect(decision).toMatchObject({ hardLimit: null, remaining: 199, ratioBasisPoints: 3366 });
  });

  it("reports no ratio for an allowance of 0", () => {
    expect(
      decide({ used: 0, quantity: 1, entitlement: block0, thresholdsPercent: THRESHOLDS })
        .ratioBasisPoints,
    ).toBeNull();
  });

  it("reports nothing remaining and no ratio when unlimited", () => {
    expect(
      decide({ used: 5, quantity: 1, entitlement: unlimited, thresholdsPercent: THRESHOLDS }),
    ).toEqual({
      outcome: "allow",
      reason: "unlimited",
      usedAfter: 6,
      allowance: "unlimited",
      hardLimit: null,
      remaining: null,
      ratioBasisPoints: null,
    });
  });

  it("warns only past the allowance when a plan has no thresholds", () => {
    const atAllowance = decide({
      used: 299,
      quantity: 1,
      entitlement: perUnit300,
      thresholdsPercent: [],
    });
    const pastAllowance = decide({
      used: 300,
      quantity: 1,
      entitlement: perUnit300,
      thresholdsPercent: [],
    });
    expect(atAllowance.outcome).toBe("allow");
    expect(pastAllowance.outcome).toBe("warn");
  });

  it("compares in integers even where floats would round (80% of 3 units)", () => {
    // 3 × 0.8 = 2.4000000000000004 in floating point; 2 × 100 < 3 × 80 must stay below.
    const entitlement: Entitlement = { allowance: 3, overage: { kind: "block" } };
    expect(
      decide({ used: 1, quantity: 1, entitlement, thresholdsPercent: THRESHOLDS }).outcome,
    ).toBe("allow");
    expect(
      decide({ used: 2, quantity: 1, entitlement, thresholdsPercent: THRESHOLDS }).outcome,
    ).toBe("warn");
  });

  it.each([
    ["used", Number.NaN, 1],
    ["used", -1, 1],
    ["used", 1.5, 1],
    ["used", Number.POSITIVE_INFINITY, 1],
    ["used", Number.MAX_SAFE_INTEGER + 2, 1],
    ["quantity", 0, 0],
    ["quantity", 0, -3],
    ["quantity", 0, 0.5],
    ["quantity", 0, Number.NaN],
    ["used + quantity", Number.MAX_SAFE_INTEGER, 1],
  ])(
    "rejects a bad %s (used %s, quantity %s) with a RangeError naming it",
    (name, used, quantity) => {
      const call = () =>
        decide({ used, quantity, entitlement: block20, thresholdsPercent: THRESHOLDS });
      expect(call).toThrow(RangeError);
      expect(call).toThrow(`${name} must be`);
    },
  );

  it.each([[[100, 80]], [[0]], [[1001]], [[80, 80]], [[Number.NaN]]])(
    "rejects thresholds %j that are not increasing percents in 1..1000",
    (thresholdsPercent) => {
      const call = () => decide({ used: 0, quantity: 1, entitlement: block20, thresholdsPercent });
      expect(call).toThrow(RangeError);
      expect(call).toThrow(/^thresholdsPercent\[\d\]/);
    },
  );

  it("rejects an unparseable grace ratio instead of guessing", () => {
    const entitlement: Entitlement = {
      allowance: 50,
      overage: { kind: "grace", graceRatio: "1,1" },
    };
    expect(() =>
      decide({ used: 0, quantity: 1, entitlement, thresholdsPercent: THRESHOLDS }),
    ).toThrow("not a decimal string");
  });
});
