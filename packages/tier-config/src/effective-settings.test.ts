import { describe, expect, it } from "vitest";
import { coaching } from "./catalogs/coaching";
import { defineCatalog } from "./define-catalog";
import { effectiveReset, effectiveThresholdsPercent } from "./effective-settings";

describe("effectiveReset", () => {
  it("uses the plan's reset when it sets one (Free's one-time minutes)", () => {
    expect(effectiveReset(coaching, "free", "ai_voice_seconds")).toBe("never");
  });

  it("falls back to the meter's reset", () => {
    expect(effectiveReset(coaching, "lifestyle", "ai_voice_seconds")).toBe("billing_period");
    expect(effectiveReset(coaching, "free", "coach_calls")).toBe("billing_period");
  });
});

describe("effectiveThresholdsPercent", () => {
  const catalog = defineCatalog({
    id: "alerts",
    name: "Alerts",
    currency: "usd",
    defaultPlan: "basic",
    freePlan: "basic",
    alertThresholdsPercent: [80, 100],
    meters: {},
    moduleGroups: {},
    modules: {},
    features: {},
    plans: {
      basic: {
        name: "Basic",
        level: 0,
        priceMonthlyCents: 0,
        priceAnnualCents: 0,
        modules: { groups: [] },
        meters: {},
        features: {},
      },
      cautious: {
        name: "Cautious",
        level: 1,
        priceMonthlyCents: 100,
        priceAnnualCents: 1000,
        modules: { groups: [] },
        meters: {},
        features: {},
        alertThresholdsPercent: [50, 75, 90, 100],
      },
    },
  });

  it("uses the catalog's default thresholds", () => {
    expect(effectiveThresholdsPercent(catalog, "basic")).toEqual([80, 100]);
  });

  it("uses a plan's own thresholds when it sets them", () => {
    expect(effectiveThresholdsPercent(catalog, "cautious")).toEqual([50, 75, 90, 100]);
  });
});
