import { describe, expect, it } from "vitest";
import { alertLevel } from "./alert-level";

describe("alertLevel", () => {
  it.each<[string, number, number | "unlimited", number | null]>([
    ["no usage", 0, 100, null],
    ["one unit below 80%", 79, 100, null],
    ["exactly at 80%", 80, 100, 80],
    ["between 80% and 100%", 99, 100, 80],
    ["exactly at the allowance", 100, 100, 100],
    ["one unit past the allowance", 101, 100, 100],
    ["80% of an allowance that is not a multiple of 5", 12, 15, 80],
    ["allowance 0 with no usage", 0, 0, null],
    ["allowance 0 with any usage", 1, 0, 100],
    ["unlimited", 1_000_000, "unlimited", null],
  ])("%s", (_case, used, allowance, level) => {
    expect(alertLevel(used, allowance, [80, 100])).toBe(level);
  });

  it("uses a plan's own thresholds", () => {
    expect(alertLevel(50, 100, [50, 90, 150])).toBe(50);
    expect(alertLevel(150, 100, [50, 90, 150])).toBe(150);
  });

  it("has no level when the plan sets no thresholds", () => {
    expect(alertLevel(500, 100, [])).toBeNull();
  });

  it.each([
    ["used", -1, 10],
    ["used", Number.NaN, 10],
    ["allowance", 1, 2.5],
    ["allowance", 1, -10],
  ])("rejects a bad %s with a RangeError naming it", (name, used, allowance) => {
    expect(() => alertLevel(used, allowance, [80, 100])).toThrow(`${name} must be`);
  });

  it("rejects thresholds that are not strictly increasing", () => {
    expect(() => alertLevel(1, 10, [100, 80])).toThrow("thresholdsPercent[1]");
  });
});
