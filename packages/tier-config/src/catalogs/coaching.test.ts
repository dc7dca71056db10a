import { describe, expect, it } from "vitest";
import { crossedAlerts } from "../crossed-alerts";
import { decide } from "../decide";
import { effectiveReset, effectiveThresholdsPercent } from "../effective-settings";
import { planIds } from "../ids";
import { entitlementFor } from "../lookup";
import { modulesForPlan } from "../modules";
import { LIFETIME_PERIOD, periodFor } from "../period";
import { priceOverage } from "../price-overage";
import { coaching } from "./coaching";

const MINUTE = 60;
const voice = (planId: "free" | "lifestyle" | "growth" | "mastery") =>
  entitlementFor(coaching, planId, "ai_voice_seconds");
const calls = (planId: "free" | "lifestyle" | "growth" | "mastery") =>
  entitlementFor(coaching, planId, "coach_calls");

describe("coaching catalog", () => {
  it("has 31 modules: Core 2, Lifestyle 10, Growth 6, Mastery 13", () => {
    const groups = Object.values(coaching.modules).map((module) => module.group);
    expect(groups).toHaveLength(31);
    expect(groups.filter((group) => group === "core")).toHaveLength(2);
    expect(groups.filter((group) => group === "lifestyle")).toHaveLength(10);
    expect(groups.filter((group) => group === "growth")).toHaveLength(6);
    expect(groups.filter((group) => group === "mastery")).toHaveLength(13);
    expect(planIds(coaching).map((planId) => modulesForPlan(coaching, planId).length)).toEqual([
      2, 12, 18, 31,
    ]);
  });

  it("prices a year at ten months (two months free)", () => {
    for (const plan of Object.values(coaching.plans)) {
      expect(plan.priceAnnualCents).toBe(plan.priceMonthlyCents * 10);
    }
  });

  describe("Free", () => {
    it("gives 15 one-time minutes that never reset", () => {
      expect(effectiveReset(coaching, "free", "ai_voice_seconds")).toBe("never");
      const years = [new Date("2024-01-15T00:00:00Z"), new Date("2031-07-01T00:00:00Z")].map((at) =>
        periodFor({
          reset: "never",
          at,
          anchor: new Date("2024-01-15T00:00:00Z"),
          interval: "month",
        }),
      );
      expect(years).toEqual([LIFETIME_PERIOD, LIFETIME_PERIOD]);
    });

    it("allows the 900th second and blocks the 901st, never charging", () => {
      const thresholdsPercent = effectiveThresholdsPercent(coaching, "free");
      expect(
        decide({ used: 899, quantity: 1, entitlement: voice("free"), thresholdsPercent }).outcome,
      ).toBe("warn");
      expect(
        decide({ used: 900, quantity: 1, entitlement: voice("free"), thresholdsPercent }),
      ).toMatchObject({
        outcome: "block",
        reason: "limit_reached",
        remaining: 0,
      });
      expect(priceOverage({ used: 5000, entitlement: voice("free") }).amountCents).toBe(0);
    });

    it("has no coach calls", () => {
      expect(
        decide({ used: 0, quantity: 1, entitlement: calls("free"), thresholdsPercent: [80, 100] })
          .outcome,
      ).toBe("block");
    });
  });

  describe("Lifestyle", () => {
    it("charges 30.5 minutes over as 31 started minutes: $3.10", () => {
      expect(
        priceOverage({ used: 7200 + 30 * MINUTE + 30, entitlement: voice("lifestyle") }),
      ).toMatchObject({
        billableUnits: 31,
        amountCents: 310,
      });
    });

    it("caps overage at $20: 600 minutes over cost $20.00, not $60.00", () => {
      expect(
        priceOverage({ used: 7200 + 600 * MINUTE, entitlement: voice("lifestyle") }),
      ).toMatchObject({
        uncappedCents: 6000,
        amountCents: 2000,
        capped: true,
      });
    });

    it("alerts at 80%, at 100%, when overage starts, and when the cap is reached", () => {
      const entitlement = voice("lifestyle");
      const thresholdsPercent = effectiveThresholdsPercent(coaching, "lifestyle");
      const steps = [0, 5760, 7200, 7201, 7200 + 200 * MINUTE];
      const alerts = steps.slice(1).map((usedAfter, index) =>
        crossedAlerts({
          usedBefore: steps[index] ?? 0,
          usedAfter,
          entitlement,
          thresholdsPercent,
        }),
      );
      expect(alerts).toEqual([
        [{ kind: "usage_threshold", thresholdPercent: 80 }],
        [{ kind: "usage_threshold", thresholdPercent: 100 }],
        [{ kind: "overage_started" }],
        [{ kind: "overage_cap_reached" }],
      ]);
    });

    it("warns rather than blocks past the allowance", () => {
      expect(
        decide({
          used: 7200,
          quantity: 600,
          entitlement: voice("lifestyle"),
          thresholdsPercent: [80, 100],
        }),
      ).toMatchObject({ outcome: "warn", reason: "overage_billed" });
    });
  });

  describe("Growth", () => {
    it("bills both meters: $0.08 per started minute, uncapped, and $25 per extra call", () => {
      const minutes = priceOverage({ used: 18_000 + 1000 * MINUTE, entitlement: voice("growth") });
      const extraCalls = priceOverage({ used: 3, entitlement: calls("growth") });
      expect(minutes).toMatchObject({ billableUnits: 1000, amountCents: 8000, capped: false });
      expect(extraCalls).toMatchObject({ overageUnits: 2, amountCents: 5000 });
    });

    it("includes one call a month", () => {
      expect(priceOverage({ used: 1, entitlement: calls("growth") }).amountCents).toBe(0);
    });
  });

  describe("Mastery", () => {
    it("never limits or charges voice minutes", () => {
      expect(
        decide({
          used: 10_000_000,
          quantity: 3600,
          entitlement: voice("mastery"),
          thresholdsPercent: [80, 100],
        }),
      ).toMatchObject({ outcome: "allow", reason: "unlimited" });
      expect(priceOverage({ used: 10_000_000, entitlement: voice("mastery") }).amountCents).toBe(0);
    });

    it("charges only calls past four: $20 each", () => {
      expect(priceOverage({ used: 4, entitlement: calls("mastery") }).amountCents).toBe(0);
      expect(priceOverage({ used: 6, entitlement: calls("mastery") }).amountCents).toBe(4000);
    });
  });
});
