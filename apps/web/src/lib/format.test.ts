import { describe, expect, it } from "vitest";
import {
  formatAllowance,
  formatCents,
  formatCentsDecimal,
  formatDay,
  formatPrice,
  formatQuantity,
  formatUsedOfAllowance,
} from "./format";

const minutes = { unit: "minute", perStoredUnits: 60 };
const calls = { unit: "call", perStoredUnits: 1 };

describe("money from integer cents", () => {
  it("shows cents exactly", () => {
    expect(formatCents(340)).toBe("$3.40");
    expect(formatCents(0)).toBe("$0.00");
    expect(formatCents(1_999_999)).toBe("$19,999.99");
  });

  it("refuses fractional cents rather than rounding them silently", () => {
    expect(() => formatCents(3.5)).toThrow(RangeError);
  });

  it("shows decimal unit prices without float rounding", () => {
    expect(formatCentsDecimal("10")).toBe("$0.10");
    expect(formatCentsDecimal("2500")).toBe("$25.00");
    expect(formatCentsDecimal("0.15")).toBe("$0.0015");
    expect(formatCentsDecimal("8")).toBe("$0.08");
  });

  it("drops whole-dollar cents from plan prices and names free plans", () => {
    expect(formatPrice(2900, "month")).toBe("$29/mo");
    expect(formatPrice(29_000, "year")).toBe("$290/yr");
    expect(formatPrice(1999, "month")).toBe("$19.99/mo");
    expect(formatPrice(0, "month")).toBe("Free");
  });
});

describe("units from the catalog's meter display", () => {
  it("shows seconds as minutes", () => {
    expect(formatQuantity(5100, minutes)).toBe("85 minutes");
    expect(formatQuantity(90, minutes)).toBe("1.5 minutes");
    expect(formatQuantity(60, minutes)).toBe("1 minute");
    expect(formatQuantity(1, calls)).toBe("1 call");
  });

  it("shows used over allowance, and unlimited where it is", () => {
    expect(formatUsedOfAllowance(6120, 7200, minutes)).toBe("102 / 120 minutes");
    expect(formatUsedOfAllowance(3, "unlimited", calls)).toBe("3 calls · unlimited");
  });

  it("names allowances a plan does not include", () => {
    expect(formatAllowance(0, calls)).toBe("Not included");
    expect(formatAllowance("unlimited", minutes)).toBe("Unlimited");
    expect(formatAllowance(18_000, minutes)).toBe("300 minutes");
  });

  it("shows period boundaries in UTC so a midnight reset keeps its date", () => {
    expect(formatDay("2026-05-31T00:00:00.000Z")).toBe("May 31");
  });
});
