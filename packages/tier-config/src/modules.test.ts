import { describe, expect, it } from "vitest";
import { coaching } from "./catalogs/coaching";
import { defineCatalog } from "./define-catalog";
import { modulesForPlan, planIncludesModule } from "./modules";
import type { AnyCatalog } from "./types";

describe("plan modules", () => {
  it.each([
    ["free", 2],
    ["lifestyle", 12],
    ["growth", 18],
    ["mastery", 31],
  ] as const)("coaching %s unlocks %s modules", (planId, count) => {
    expect(modulesForPlan(coaching, planId)).toHaveLength(count);
  });

  it.each([
    ["free", "goal-setting", true],
    ["free", "sleep-coaching", false],
    ["lifestyle", "sleep-coaching", true],
    ["lifestyle", "career-clarity", false],
    ["growth", "career-clarity", true],
    ["growth", "negotiation", false],
    ["mastery", "negotiation", true],
  ] as const)("coaching %s includes %s: %s", (planId, moduleId, included) => {
    expect(planIncludesModule(coaching, planId, moduleId)).toBe(included);
  });

  it("includes a module a plan names by id outside its groups", () => {
    const catalog = defineCatalog({
      id: "picked",
      name: "Picked",
      currency: "usd",
      defaultPlan: "taster",
      freePlan: "taster",
      alertThresholdsPercent: [80, 100],
      meters: {},
      moduleGroups: { core: { name: "Core" }, premium: { name: "Premium" } },
      modules: {
        basics: { name: "Basics", group: "core" },
        sleep: { name: "Sleep", group: "premium" },
        focus: { name: "Focus", group: "premium" },
      },
      features: {},
      plans: {
        taster: {
          name: "Taster",
          level: 0,
          priceMonthlyCents: 0,
          priceAnnualCents: 0,
          modules: { groups: ["core"], ids: ["sleep"] },
          meters: {},
          features: {},
        },
      },
    });
    expect(modulesForPlan(catalog, "taster")).toEqual(["basics", "sleep"]);
    expect(planIncludesModule(catalog, "taster", "focus")).toBe(false);
  });

  it("throws for a module the catalog does not define", () => {
    const catalog: AnyCatalog = coaching;
    expect(() => planIncludesModule(catalog, "free", "nutriton")).toThrow(
      'unknown module "nutriton"',
    );
  });
});
