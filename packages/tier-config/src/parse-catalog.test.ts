import { describe, expect, it } from "vitest";
import { catalogs } from "./catalogs/index";
import { parseCatalog } from "./parse-catalog";
import type { Catalog, Entitlement, Plan } from "./types";

/** A small valid catalog; each test changes one thing in a fresh copy. */
function validCatalog(): Catalog {
  return {
    id: "test",
    name: "Test",
    currency: "usd",
    defaultPlan: "free",
    freePlan: "free",
    alertThresholdsPercent: [80, 100],
    meters: {
      calls: {
        name: "Calls",
        unit: "call",
        display: { unit: "call", perStoredUnits: 1 },
        reset: "day",
      },
    },
    moduleGroups: { core: { name: "Core" }, extra: { name: "Extra" } },
    modules: {
      basics: { name: "Basics", group: "core" },
      nutrition: { name: "Nutrition", group: "extra" },
    },
    features: { sso: { name: "SSO" } },
    plans: {
      free: {
        name: "Free",
        level: 0,
        priceMonthlyCents: 0,
        priceAnnualCents: 0,
        modules: { groups: ["core"] },
        meters: { calls: { allowance: 20, overage: { kind: "block" } } },
        features: { sso: false },
      },
      pro: {
        name: "Pro",
        level: 1,
        priceMonthlyCents: 1000,
        priceAnnualCents: 10_000,
        modules: { groups: ["core"], ids: ["nutrition"] },
        meters: {
          calls: {
            allowance: 1000,
            overage: {
              kind: "per_unit",
              unitPriceCentsDecimal: "0.5",
              billingUnitSize: 1,
              capCents: 500,
            },
          },
        },
        features: { sso: true },
      },
    },
  };
}

function errorsFor(change: (catalog: Catalog) => void): string[] {
  const catalog = validCatalog();
  change(catalog);
  const parsed = parseCatalog(catalog);
  return parsed.ok ? [] : parsed.errors;
}

function planIn(catalog: Catalog, planId: string): Plan {
  const plan = catalog.plans[planId];
  if (plan === undefined) {
    throw new Error(`the fixture has no plan "${planId}"`);
  }
  return plan;
}

function callsIn(catalog: Catalog, planId: string): Entitlement {
  const entitlement = planIn(catalog, planId).meters.calls;
  if (entitlement === undefined) {
    throw new Error(`the fixture's plan "${planId}" has no calls meter`);
  }
  return entitlement;
}

/** Lets a test put a wrongly shaped value where the type allows only valid ones. */
function set(target: object, key: string, value: unknown): void {
  Reflect.set(target, key, value);
}

describe("parseCatalog", () => {
  it("accepts a valid catalog", () => {
    expect(parseCatalog(validCatalog())).toEqual({ ok: true, catalog: validCatalog() });
  });

  it.each(Object.values(catalogs))("accepts the $id catalog after a JSON round trip", (catalog) => {
    expect(parseCatalog(JSON.parse(JSON.stringify(catalog)))).toEqual({ ok: true, catalog });
  });

  it.each<[string, (catalog: Catalog) => void, string]>([
    [
      "a plan naming an unknown module",
      (c) => set(planIn(c, "pro").modules, "ids", ["nutriton"]),
      'plans.pro.modules.ids[0]: unknown module "nutriton"',
    ],
    [
      "a plan naming an unknown module group",
      (c) => set(planIn(c, "free").modules, "groups", ["core", "bonus"]),
      'plans.free.modules.groups[1]: unknown module group "bonus"',
    ],
    [
      "a plan naming a module twice",
      (c) => set(planIn(c, "pro").modules, "ids", ["nutrition", "nutrition"]),
      'plans.pro.modules.ids[1]: duplicate module "nutrition"',
    ],
    [
      "a module in an unknown group",
      (c) => set(c.modules, "sleep", { name: "Sleep", group: "lifestyle" }),
      'modules.sleep.group: unknown module group "lifestyle"',
    ],
    [
      "a plan naming an unknown meter",
      (c) => set(planIn(c, "free").meters, "minutes", { allowance: 1, overage: { kind: "block" } }),
      'plans.free.meters.minutes: unknown meter "minutes"',
    ],
    [
      "a plan missing a meter",
      (c) => {
        set(c.meters, "tokens", {
          name: "Tokens",
          unit: "token",
          display: { unit: "token", perStoredUnits: 1 },
          reset: "day",
        });
        set(planIn(c, "free").meters, "tokens", { allowance: 1, overage: { kind: "block" } });
      },
      "plans.pro.meters.tokens: missing; every plan lists every meter explicitly",
    ],
    [
      "a plan naming an unknown feature",
      (c) => set(planIn(c, "free").features, "saml", true),
      'plans.free.features.saml: unknown feature "saml"',
    ],
    [
      "a plan missing a feature",
      (c) => {
        set(c.features, "saml", { name: "SAML" });
        set(planIn(c, "free").features, "saml", false);
      },
      "plans.pro.features.saml: missing; every plan lists every feature explicitly",
    ],
    [
      "a negative price",
      (c) => set(planIn(c, "pro"), "priceMonthlyCents", -1),
      "plans.pro.priceMonthlyCents: must be a non-negative integer",
    ],
    [
      "a fractional price",
      (c) => set(planIn(c, "pro"), "priceAnnualCents", 9999.5),
      "plans.pro.priceAnnualCents: must be a non-negative integer",
    ],
    [
      "a fractional seat price",
      (c) => set(planIn(c, "pro"), "seatPriceMonthlyCents", 0.5),
      "plans.pro.seatPriceMonthlyCents: must be a non-negative integer",
    ],
    [
      "a negative allowance",
      (c) => set(callsIn(c, "free"), "allowance", -5),
      'plans.free.meters.calls.allowance: must be a non-negative integer or "unlimited"',
    ],
    [
      "a fractional allowance",
      (c) => set(callsIn(c, "free"), "allowance", 2.5),
      'plans.free.meters.calls.allowance: must be a non-negative integer or "unlimited"',
    ],
    [
      "a grace ratio below 1",
      (c) => set(callsIn(c, "free"), "overage", { kind: "grace", graceRatio: "0.9" }),
      "plans.free.meters.calls.overage.graceRatio: must be at least 1",
    ],
    [
      "a grace ratio finer than a basis point",
      (c) => set(callsIn(c, "free"), "overage", { kind: "grace", graceRatio: "1.00001" }),
      'plans.free.meters.calls.overage.graceRatio: "1.00001" has more than 4 decimal places',
    ],
    [
      "a billing unit size below 1",
      (c) => set(callsIn(c, "pro").overage, "billingUnitSize", 0),
      "plans.pro.meters.calls.overage.billingUnitSize: must be an integer >= 1",
    ],
    [
      "a unit price that is not a decimal string",
      (c) => set(callsIn(c, "pro").overage, "unitPriceCentsDecimal", "$0.10"),
      'plans.pro.meters.calls.overage.unitPriceCentsDecimal: "$0.10" is not a decimal string like "0.15"',
    ],
    [
      "a unit price given as a number",
      (c) => set(callsIn(c, "pro").overage, "unitPriceCentsDecimal", 0.1),
      "plans.pro.meters.calls.overage.unitPriceCentsDecimal: Invalid input: expected string, received number",
    ],
    [
      "a unit price with more than 6 decimals",
      (c) => set(callsIn(c, "pro").overage, "unitPriceCentsDecimal", "0.1234567"),
      'plans.pro.meters.calls.overage.unitPriceCentsDecimal: "0.1234567" has more than 6 decimal places',
    ],
    [
      "a cap of zero cents",
      (c) => set(callsIn(c, "pro").overage, "capCents", 0),
      "plans.pro.meters.calls.overage.capCents: must be an integer >= 1",
    ],
    [
      "an unknown overage kind",
      (c) => set(callsIn(c, "free"), "overage", { kind: "throttle" }),
      "plans.free.meters.calls.overage.kind: Invalid discriminator value",
    ],
    [
      "an unlimited allowance with billed overage",
      (c) => set(callsIn(c, "pro"), "allowance", "unlimited"),
      'plans.pro.meters.calls.overage: must be { kind: "block" } for an unlimited allowance',
    ],
    [
      "thresholds not strictly increasing",
      (c) => set(c, "alertThresholdsPercent", [100, 80]),
      "alertThresholdsPercent[1]: must be greater than the threshold before it (100), got 80",
    ],
    [
      "a threshold of 0",
      (c) => set(c, "alertThresholdsPercent", [0, 100]),
      "alertThresholdsPercent[0]: must be an integer percent in 1..1000, got 0",
    ],
    [
      "a plan threshold above 1000",
      (c) => set(planIn(c, "pro"), "alertThresholdsPercent", [80, 1001]),
      "plans.pro.alertThresholdsPercent[1]: must be an integer percent in 1..1000, got 1001",
    ],
    [
      "two plans on the same level",
      (c) => set(planIn(c, "pro"), "level", 0),
      'plans.pro.level: level 0 is also the level of plan "free"',
    ],
    [
      "an unknown default plan",
      (c) => set(c, "defaultPlan", "starter"),
      'defaultPlan: unknown plan "starter"',
    ],
    ["an unknown free plan", (c) => set(c, "freePlan", "basic"), 'freePlan: unknown plan "basic"'],
    ["an empty catalog id", (c) => set(c, "id", ""), "id: must not be empty"],
    ["an empty plan id", (c) => set(c.plans, "", c.plans.free), 'plans[""]: ids must not be empty'],
    [
      "a trial without an expiry",
      (c) => set(planIn(c, "free"), "trialDays", 7),
      "plans.free.expiry: trialDays and expiry go together",
    ],
    [
      "a misspelled optional field, which would otherwise be dropped silently",
      (c) => set(planIn(c, "free"), "trailDays", 7),
      'plans.free: Unrecognized key: "trailDays"',
    ],
    [
      "a currency other than usd",
      (c) => set(c, "currency", "eur"),
      'currency: Invalid input: expected "usd"',
    ],
    [
      "plans given as a list, where one id could appear twice",
      (c) => set(c, "plans", [c.plans.free, c.plans.free]),
      "plans: Invalid input: expected record, received array",
    ],
  ])("rejects %s, naming the field", (_problem, change, error) => {
    const errors = errorsFor(change);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(error);
  });

  it("reports every problem at once", () => {
    const errors = errorsFor((c) => {
      set(c, "id", "");
      set(planIn(c, "pro"), "priceMonthlyCents", -1);
      set(callsIn(c, "free"), "allowance", 1.5);
    });
    expect(errors).toEqual([
      "id: must not be empty",
      'plans.free.meters.calls.allowance: must be a non-negative integer or "unlimited"',
      "plans.pro.priceMonthlyCents: must be a non-negative integer",
    ]);
  });

  it("reports every reference problem at once", () => {
    const errors = errorsFor((c) => {
      set(c, "defaultPlan", "starter");
      set(planIn(c, "pro").modules, "ids", ["nutriton"]);
    });
    expect(errors).toEqual([
      'defaultPlan: unknown plan "starter"',
      'plans.pro.modules.ids[0]: unknown module "nutriton"',
    ]);
  });

  it.each([null, "coaching", 42, []])("rejects %j, which is not a catalog object", (input) => {
    expect(parseCatalog(input)).toMatchObject({
      ok: false,
      errors: [expect.stringContaining("expected object")],
    });
  });
});
