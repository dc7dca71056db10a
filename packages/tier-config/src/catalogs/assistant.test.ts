import { describe, expect, it } from "vitest";
import { decide } from "../decide";
import { entitlementFor, planOf } from "../lookup";
import { subscriptionPriceCents } from "../subscription-price";
import { assistant } from "./assistant";

describe("assistant catalog", () => {
  it("starts new users on a 7-day trial that blocks access when it expires", () => {
    expect(assistant.defaultPlan).toBe("trial");
    expect(planOf(assistant, "trial")).toMatchObject({ trialDays: 7, expiry: "blocked" });
  });

  it("prices teams at $49 a month plus $12 per user", () => {
    const teams = planOf(assistant, "teams");
    expect(subscriptionPriceCents({ plan: teams, interval: "month", seats: 1 })).toBe(6100);
    expect(subscriptionPriceCents({ plan: teams, interval: "month", seats: 5 })).toBe(10_900);
    expect(
      subscriptionPriceCents({ plan: planOf(assistant, "pro"), interval: "month", seats: 5 }),
    ).toBe(1000);
  });

  it("shows the admin users view on teams only", () => {
    const withView = Object.entries(assistant.plans)
      .filter(([, plan]) => plan.features.admin_users_view)
      .map(([planId]) => planId);
    expect(withView).toEqual(["teams"]);
  });

  it.each([
    ["trial", "requests", 120],
    ["trial", "tokens", 50_000],
    ["plus", "requests", 2500],
    ["teams", "tokens", 5_000_000],
  ] as const)("%s blocks %s past %s, with no overage to buy", (planId, meter, allowance) => {
    const entitlement = entitlementFor(assistant, planId, meter);
    const thresholdsPercent = assistant.alertThresholdsPercent;
    expect(
      decide({ used: allowance - 1, quantity: 1, entitlement, thresholdsPercent }).outcome,
    ).toBe("warn");
    expect(decide({ used: allowance, quantity: 1, entitlement, thresholdsPercent }).outcome).toBe(
      "block",
    );
  });

  it("blocks a request whose tokens would pass the allowance, leaving what remains", () => {
    const entitlement = entitlementFor(assistant, "trial", "tokens");
    expect(
      decide({ used: 49_000, quantity: 1500, entitlement, thresholdsPercent: [80, 100] }),
    ).toMatchObject({
      outcome: "block",
      remaining: 1000,
    });
  });
});
