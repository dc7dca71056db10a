import { describe, expect, it } from "vitest";
import { hardLimitFor } from "./hard-limit";
import type { Entitlement } from "./types";

describe("hardLimitFor", () => {
  it.each<[string, Entitlement, number | null]>([
    ["block stops at the allowance", { allowance: 20, overage: { kind: "block" } }, 20],
    ["block with allowance 0 allows nothing", { allowance: 0, overage: { kind: "block" } }, 0],
    [
      "grace stops at allowance × ratio",
      { allowance: 50, overage: { kind: "grace", graceRatio: "1.10" } },
      55,
    ],
    [
      "grace rounds a fractional limit down",
      { allowance: 75, overage: { kind: "grace", graceRatio: "1.10" } },
      82,
    ],
    [
      "grace with ratio 1 is a plain hard limit",
      { allowance: 75, overage: { kind: "grace", graceRatio: "1" } },
      75,
    ],
    [
      "per_unit overage never blocks",
      {
        allowance: 300,
        overage: { kind: "per_unit", unitPriceCentsDecimal: "150", billingUnitSize: 1 },
      },
      null,
    ],
    [
      "an unlimited allowance never blocks",
      { allowance: "unlimited", overage: { kind: "block" } },
      null,
    ],
  ])("%s", (_guarantee, entitlement, limit) => {
    expect(hardLimitFor(entitlement)).toBe(limit);
  });

  it("keeps a huge grace limit an exact safe integer", () => {
    const entitlement: Entitlement = {
      allowance: Number.MAX_SAFE_INTEGER,
      overage: { kind: "grace", graceRatio: "2" },
    };
    expect(hardLimitFor(entitlement)).toBe(Number.MAX_SAFE_INTEGER);
  });
});
