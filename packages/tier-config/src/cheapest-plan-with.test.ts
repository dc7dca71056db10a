import { describe, expect, it } from "vitest";
import { coaching } from "./catalogs/coaching";
import { ide } from "./catalogs/ide";
import { reports } from "./catalogs/reports";
import { cheapestPlanWith } from "./cheapest-plan-with";
import { defineCatalog } from "./define-catalog";
import type { AnyCatalog } from "./types";

describe("cheapestPlanWith", () => {
  it.each([
    ["goal-setting", "free"],
    ["sleep-coaching", "lifestyle"],
    ["career-clarity", "growth"],
    ["negotiation", "mastery"],
  ] as const)("suggests the cheapest coaching plan with module %s: %s", (module, planId) => {
    expect(cheapestPlanWith(coaching, { module })).toBe(planId);
  });

  it.each([
    ["ai_voice_seconds", 900, "free"],
    ["ai_voice_seconds", 901, "lifestyle"],
    ["ai_voice_seconds", 18_001, "mastery"],
    ["coach_calls", 1, "growth"],
    ["coach_calls", 5, null],
  ] as const)("suggests a coaching plan with %s >= %s: %s", (meter, allowanceAtLeast, planId) => {
    expect(cheapestPlanWith(coaching, { meter, allowanceAtLeast })).toBe(planId);
  });

  it("counts an unlimited allowance as enough", () => {
    expect(cheapestPlanWith(ide, { meter: "calls", allowanceAtLeast: 1_000_000 })).toBe(
      "teams_large",
    );
  });

  it.each([
    ["code_execution", "pro"],
    ["hipaa_ready", "enterprise_standard"],
    ["sso", "enterprise_premium"],
    ["saml", "enterprise_ultimate"],
  ] as const)("suggests the cheapest IDE tier with %s: %s", (feature, planId) => {
    expect(cheapestPlanWith(ide, { feature })).toBe(planId);
  });

  it("never suggests a plan only operators assign (sponsored, affiliate)", () => {
    expect(cheapestPlanWith(reports, { meter: "reports", allowanceAtLeast: 60 })).toBe("pro");
    expect(cheapestPlanWith(reports, { meter: "reports", allowanceAtLeast: 2000 })).toBeNull();
  });

  it("breaks a price tie by the lower level", () => {
    const plan = (level: number) => ({
      name: `Level ${level}`,
      level,
      priceMonthlyCents: 500,
      priceAnnualCents: 5000,
      modules: { groups: [] },
      meters: {},
      features: { export: true },
    });
    const catalog = defineCatalog({
      id: "tie",
      name: "Tie",
      currency: "usd",
      defaultPlan: "high",
      freePlan: "high",
      alertThresholdsPercent: [80, 100],
      meters: {},
      moduleGroups: {},
      modules: {},
      features: { export: { name: "Export" } },
      plans: { high: plan(2), low: plan(1) },
    });
    expect(cheapestPlanWith(catalog, { feature: "export" })).toBe("low");
  });

  it("throws for a need the catalog cannot name", () => {
    const catalog: AnyCatalog = coaching;
    expect(() => cheapestPlanWith(catalog, { module: "nutriton" })).toThrow(
      'unknown module "nutriton"',
    );
    expect(() => cheapestPlanWith(catalog, { meter: "minutes", allowanceAtLeast: 1 })).toThrow(
      'unknown meter "minutes"',
    );
    expect(() => cheapestPlanWith(catalog, { feature: "sso" })).toThrow('unknown feature "sso"');
  });

  it("rejects a negative or fractional allowance need", () => {
    expect(() =>
      cheapestPlanWith(coaching, { meter: "coach_calls", allowanceAtLeast: -1 }),
    ).toThrow("allowanceAtLeast must be");
    expect(() =>
      cheapestPlanWith(coaching, { meter: "coach_calls", allowanceAtLeast: 0.5 }),
    ).toThrow(RangeError);
  });
});
