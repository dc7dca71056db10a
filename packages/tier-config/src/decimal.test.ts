import { describe, expect, it } from "vitest";
import { parseBasisPoints, parseMicroCents, roundMicroCentsHalfUp } from "./decimal";

describe("parseMicroCents", () => {
  it.each([
    ["10", 10_000_000n],
    ["0.15", 150_000n],
    ["0", 0n],
    ["0.000001", 1n],
    ["2500", 2_500_000_000n],
    ["1.5", 1_500_000n],
  ])("reads %s cents exactly as %s micro-cents", (text, microCents) => {
    expect(parseMicroCents(text)).toBe(microCents);
  });

  it.each([
    ["-1", "not a decimal string"],
    ["1e3", "not a decimal string"],
    [" 1", "not a decimal string"],
    ["", "not a decimal string"],
    [".5", "not a decimal string"],
    ["1.", "not a decimal string"],
    ["0.0000001", "more than 6 decimal places"],
  ])("refuses %j rather than rounding it", (text, problem) => {
    expect(() => parseMicroCents(text)).toThrow(RangeError);
    expect(() => parseMicroCents(text)).toThrow(problem);
  });
});

describe("parseBasisPoints", () => {
  it.each([
    ["1.10", 11_000n],
    ["1", 10_000n],
    ["1.0001", 10_001n],
  ])("reads ratio %s as %s basis points", (text, basisPoints) => {
    expect(parseBasisPoints(text)).toBe(basisPoints);
  });

  it("refuses a ratio finer than a basis point", () => {
    expect(() => parseBasisPoints("1.00001")).toThrow("more than 4 decimal places");
  });
});

describe("roundMicroCentsHalfUp", () => {
  it.each([
    [0n, 0n],
    [499_999n, 0n],
    [500_000n, 1n],
    [1_499_999n, 1n],
    [1_500_000n, 2n],
    [2_000_000n, 2n],
  ])("rounds %s micro-cents to %s cents, half up", (microCents, cents) => {
    expect(roundMicroCentsHalfUp(microCents)).toBe(cents);
  });
});
