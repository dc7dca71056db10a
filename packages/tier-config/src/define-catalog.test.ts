import { describe, expect, expectTypeOf, it } from "vitest";
import { CatalogError } from "./catalog-error";
import { defineCatalog } from "./define-catalog";
import type { AnyCatalog, MeterId, ModuleId, PlanId } from "./types";

const meters = {
  calls: {
    name: "Calls",
    unit: "call",
    display: { unit: "call", perStoredUnits: 1 },
    reset: "day",
  },
} as const;

describe("defineCatalog", () => {
  it("returns the catalog itself, typed by its literal ids", () => {
    const input = {
      id: "tiny",
      name: "Tiny",
      currency: "usd",
      defaultPlan: "free",
      freePlan: "free",
      alertThresholdsPercent: [80, 100],
      meters,
      moduleGroups: { core: { name: "Core" } },
      modules: { nutrition: { name: "Nutrition", group: "core" } },
      features: {},
      plans: {
        free: {
          name: "Free",
          level: 0,
          priceMonthlyCents: 0,
          priceAnnualCents: 0,
          modules: { groups: [], ids: ["nutrition"] },
          meters: { calls: { allowance: 20, overage: { kind: "block" } } },
          features: {},
        },
      },
    } as const;
    const tiny = defineCatalog(input);

    expect(tiny).toBe(input);
    expectTypeOf(tiny).toExtend<AnyCatalog>();
    expectTypeOf<PlanId<typeof tiny>>().toEqualTypeOf<"free">();
    expectTypeOf<MeterId<typeof tiny>>().toEqualTypeOf<"calls">();
    expectTypeOf<ModuleId<typeof tiny>>().toEqualTypeOf<"nutrition">();
    expectTypeOf(tiny.plans.free.meters.calls.allowance).toEqualTypeOf<20>();
  });

  it("does not compile, and throws at run time, when a plan misspells a module", () => {
    const define = () =>
      defineCatalog({
        id: "typo",
        name: "Typo",
        currency: "usd",
        defaultPlan: "free",
        freePlan: "free",
        alertThresholdsPercent: [80, 100],
        meters: {},
        moduleGroups: { core: { name: "Core" } },
        modules: { nutrition: { name: "Nutrition", group: "core" } },
        features: {},
        plans: {
          free: {
            name: "Free",
            level: 0,
            priceMonthlyCents: 0,
            priceAnnualCents: 0,
            // @ts-expect-error "nutriton" is not a module of this catalog.
            modules: { groups: ["core"], ids: ["nutriton"] },
            meters: {},
            features: {},
          },
        },
      });
    expect(define).toThrow(CatalogError);
    expect(define).toThrow('plans.free.modules.ids[0]: unknown module "nutriton"');
  });

  it("does not compile, and throws at run time, when a plan leaves out a meter", () => {
    const define = () =>
      defineCatalog({
        id: "missing",
        name: "Missing",
        currency: "usd",
        defaultPlan: "free",
        freePlan: "free",
        alertThresholdsPercent: [80, 100],
        meters,
        moduleGroups: {},
        modules: {},
        features: {},
        plans: {
          free: {
            name: "Free",
            level: 0,
            priceMonthlyCents: 0,
            priceAnnualCents: 0,
            modules: { groups: [] },
            // @ts-expect-error every plan must list the "calls" meter.
            meters: {},
            features: {},
          },
        },
      });
    expect(define).toThrow("plans.free.meters.calls: missing");
  });

  it("does not compile, and throws at run time, for an unknown default plan", () => {
    const define = () =>
      defineCatalog({
        id: "default",
        name: "Default",
        currency: "usd",
        // @ts-expect-error "starter" is not a plan of this catalog.
        defaultPlan: "starter",
        freePlan: "free",
        alertThresholdsPercent: [80, 100],
        meters: {},
        moduleGroups: {},
        modules: {},
        features: {},
        plans: {
          free: {
            name: "Free",
            level: 0,
            priceMonthlyCents: 0,
            priceAnnualCents: 0,
            modules: { groups: [] },
            meters: {},
            features: {},
          },
        },
      });
    expect(define).toThrow('defaultPlan: unknown plan "starter"');
  });

  it("throws a CatalogError listing every problem with its path", () => {
    let error: unknown;
    try {
      defineCatalog({
        id: "prices",
        name: "Prices",
        currency: "usd",
        defaultPlan: "free",
        freePlan: "free",
        alertThresholdsPercent: [100, 80],
        meters: {},
        moduleGroups: {},
        modules: {},
        features: {},
        plans: {
          free: {
            name: "Free",
            level: 0,
            priceMonthlyCents: -100,
            priceAnnualCents: 0,
            modules: { groups: [] },
            meters: {},
            features: {},
          },
        },
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CatalogError);
    expect(error).toMatchObject({
      name: "CatalogError",
      issues: [
        "alertThresholdsPercent[1]: must be greater than the threshold before it (100), got 80",
        "plans.free.priceMonthlyCents: must be a non-negative integer",
      ],
      message: [
        'Invalid catalog "prices":',
        "  alertThresholdsPercent[1]: must be greater than the threshold before it (100), got 80",
        "  plans.free.priceMonthlyCents: must be a non-negative integer",
      ].join("\n"),
    });
  });
});
