import { describe, expect, it } from "vitest";
import { amountFromDecimal } from "./decimal-amount";

describe("amountFromDecimal rounds unit price x quantity half-up to the cent", () => {
  it.each([
    ["whole cents", "25", 3, 75],
    ["exactly half a cent rounds up", "0.5", 1, 1],
    ["just under half rounds down", "0.499999999999", 1, 0],
    ["many decimals", "0.0825", 1234, 102],
    ["zero quantity", "0.08", 0, 0],
    ["large quantity stays exact", "0.000000000001", 1_000_000_000, 0],
    ["no float drift (0.1 x 3)", "0.1", 30, 3],
  ])("%s", (_name, unit, quantity, expected) => {
    expect(amountFromDecimal(unit, quantity)).toBe(expected);
  });
});
