import { describe, expect, it } from "vitest";
import { coaching } from "./catalogs/coaching";
import { ide } from "./catalogs/ide";
import { isFeatureId, isMeterId, isModuleId, isPlanId, meterIds, moduleIds, planIds } from "./ids";

describe("catalog ids", () => {
  it("lists plans, meters and modules in catalog order", () => {
    expect(planIds(coaching)).toEqual(["free", "lifestyle", "growth", "mastery"]);
    expect(meterIds(coaching)).toEqual(["ai_voice_seconds", "coach_calls"]);
    expect(moduleIds(coaching)).toHaveLength(31);
  });

  it.each([
    ["a plan", isPlanId(coaching, "growth"), true],
    ["an unknown plan", isPlanId(coaching, "enterprise"), false],
    ["a meter", isMeterId(coaching, "coach_calls"), true],
    ["a module", isModuleId(coaching, "sleep-coaching"), true],
    ["a misspelled module", isModuleId(coaching, "nutriton"), false],
    ["a feature", isFeatureId(ide, "sso"), true],
    ["an unknown feature", isFeatureId(coaching, "sso"), false],
  ])("recognises %s", (_case, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it("does not mistake prototype properties for ids", () => {
    expect(isPlanId(coaching, "toString")).toBe(false);
    expect(isMeterId(coaching, "constructor")).toBe(false);
  });
});
