import { describe, expect, it } from "vitest";
import { coaching } from "./catalogs/coaching";
import { entitlementFor, meterOf, planOf } from "./lookup";
import type { AnyCatalog, PlanId } from "./types";

describe("catalog lookups", () => {
  it("finds a plan, a meter and a plan's entitlement", () => {
    expect(planOf(coaching, "growth").priceMonthlyCents).toBe(7900);
    expect(meterOf(coaching, "ai_voice_seconds").unit).toBe("second");
    expect(entitlementFor(coaching, "growth", "coach_calls")).toEqual({
      allowance: 1,
      overage: { kind: "per_unit", unitPriceCentsDecimal: "2500", billingUnitSize: 1 },
    });
  });

  it("throws a RangeError naming a stale id read from storage", () => {
    const catalog: AnyCatalog = coaching;
    const stale: PlanId<AnyCatalog> = "platinum";
    expect(() => planOf(catalog, stale)).toThrow('unknown plan "platinum" in catalog "coaching"');
    expect(() => meterOf(catalog, "minutes")).toThrow('unknown meter "minutes"');
    expect(() => entitlementFor(catalog, "free", "toString")).toThrow('unknown meter "toString"');
  });
});
