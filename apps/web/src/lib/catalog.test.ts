import type { AnyCatalog } from "@tally/tier-config";
import {
  cheapestPlanWith,
  coaching,
  effectiveReset,
  entitlementFor,
  moduleIds,
  planIncludesModule,
} from "@tally/tier-config";
import { describe, expect, it } from "vitest";
import { toCatalog } from "./catalog";
import { coachingDescription } from "./catalog-fixture.test-support";

describe("the dashboard's catalog from plans.list", () => {
  const rebuilt = toCatalog(coachingDescription());

  it("unlocks exactly the modules the real catalog unlocks, plan by plan", () => {
    for (const planId of ["free", "lifestyle", "growth", "mastery"] as const) {
      for (const moduleId of moduleIds(coaching)) {
        expect(planIncludesModule<AnyCatalog>(rebuilt, planId, moduleId)).toBe(
          planIncludesModule(coaching, planId, moduleId),
        );
      }
    }
  });

  it("suggests the same upgrade plans as the server would", () => {
    for (const moduleId of moduleIds(coaching)) {
      expect(cheapestPlanWith<AnyCatalog>(rebuilt, { module: moduleId })).toBe(
        cheapestPlanWith(coaching, { module: moduleId }),
      );
    }
    expect(cheapestPlanWith(rebuilt, { meter: "ai_voice_seconds", allowanceAtLeast: 7201 })).toBe(
      "growth",
    );
  });

  it("keeps each plan's entitlements, overage prices included", () => {
    const { allowance, overage } = entitlementFor(coaching, "lifestyle", "ai_voice_seconds");
    expect(entitlementFor(rebuilt, "lifestyle", "ai_voice_seconds")).toMatchObject({
      allowance,
      overage,
    });
    expect(effectiveReset(rebuilt, "free", "ai_voice_seconds")).toBe("never");
  });

  it("cancels to the free plan the server names, whatever the plans cost", () => {
    const description = { ...coachingDescription(), freePlan: "lifestyle" };
    expect(toCatalog(description).freePlan).toBe("lifestyle");
  });
});
