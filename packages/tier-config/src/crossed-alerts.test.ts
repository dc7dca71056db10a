import { describe, expect, it } from "vitest";
import { crossedAlerts, type UsageAlert } from "./crossed-alerts";
import type { Entitlement } from "./types";

const THRESHOLDS = [80, 100];
const block100: Entitlement = { allowance: 100, overage: { kind: "block" } };
const grace50: Entitlement = { allowance: 50, overage: { kind: "grace", graceRatio: "1.10" } };
/** Lifestyle's minutes: 7200 s, then 10 cents per started minute up to $20 (200 minutes). */
const capped: Entitlement = {
  allowance: 7200,
  overage: { kind: "per_unit", unitPriceCentsDecimal: "10", billingUnitSize: 60, capCents: 2000 },
};
const uncapped: Entitlement = {
  allowance: 1,
  overage: { kind: "per_unit", unitPriceCentsDecimal: "2500", billingUnitSize: 1 },
};

describe("crossedAlerts", () => {
  it.each<[string, Entitlement, number, number, UsageAlert[]]>([
    ["nothing below the first threshold", block100, 0, 79, []],
    [
      "80% when reaching it exactly",
      block100,
      79,
      80,
      [{ kind: "usage_threshold", thresholdPercent: 80 }],
    ],
    ["nothing again once past 80%", block100, 80, 90, []],
    [
      "100% exactly at the allowance",
      block100,
      99,
      100,
      [{ kind: "usage_threshold", thresholdPercent: 100 }],
    ],
    [
      "both thresholds in one jump",
      block100,
      10,
      100,
      [
        { kind: "usage_threshold", thresholdPercent: 80 },
        { kind: "usage_threshold", thresholdPercent: 100 },
      ],
    ],
    ["no overage alert in the grace zone", grace50, 50, 54, []],
    ["nothing for an increment of zero", block100, 80, 80, []],
    [
      "overage starts one unit past the allowance",
      capped,
      7200,
      7201,
      [{ kind: "overage_started" }],
    ],
    ["overage starts only once", capped, 7201, 7300, []],
    [
      "100% and overage together when one increment crosses both",
      uncapped,
      0,
      2,
      [
        { kind: "usage_threshold", thresholdPercent: 80 },
        { kind: "usage_threshold", thresholdPercent: 100 },
        { kind: "overage_started" },
      ],
    ],
    ["cap not yet reached one minute before it", capped, 7201, 7200 + 199 * 60, []],
    [
      "cap reached exactly at $20",
      capped,
      7200 + 199 * 60,
      7200 + 200 * 60,
      [{ kind: "overage_cap_reached" }],
    ],
    ["cap reached only once", capped, 7200 + 200 * 60, 7200 + 600 * 60, []],
    ["no cap alert without a cap", uncapped, 2, 1000, []],
  ])("%s", (_guarantee, entitlement, usedBefore, usedAfter, alerts) => {
    expect(
      crossedAlerts({ usedBefore, usedAfter, entitlement, thresholdsPercent: THRESHOLDS }),
    ).toEqual(alerts);
  });

  it("raises nothing for an unlimited allowance", () => {
    const unlimited: Entitlement = { allowance: "unlimited", overage: { kind: "block" } };
    expect(
      crossedAlerts({
        usedBefore: 0,
        usedAfter: 1e9,
        entitlement: unlimited,
        thresholdsPercent: THRESHOLDS,
      }),
    ).toEqual([]);
  });

  it("raises every threshold exactly once over any sequence of increments", () => {
    let used = 0;
    const raised: UsageAlert[] = [];
    for (const step of [3, 40, 1, 36, 19, 1, 1, 50]) {
      raised.push(
        ...crossedAlerts({
          usedBefore: used,
          usedAfter: used + step,
          entitlement: block100,
          thresholdsPercent: THRESHOLDS,
        }),
      );
      used += step;
    }
    expect(raised).toEqual([
      { kind: "usage_threshold", thresholdPercent: 80 },
      { kind: "usage_threshold", thresholdPercent: 100 },
    ]);
  });

  it("rejects usage that goes backwards", () => {
    expect(() =>
      crossedAlerts({
        usedBefore: 10,
        usedAfter: 9,
        entitlement: block100,
        thresholdsPercent: THRESHOLDS,
      }),
    ).toThrow(RangeError);
  });

  it.each([
    ["usedBefore", -1, 1],
    ["usedAfter", 0, Number.NaN],
  ])("rejects a bad %s with a RangeError naming it", (name, usedBefore, usedAfter) => {
    expect(() =>
      crossedAlerts({
        usedBefore,
        usedAfter,
        entitlement: block100,
        thresholdsPercent: THRESHOLDS,
      }),
    ).toThrow(`${name} must be`);
  });
});
