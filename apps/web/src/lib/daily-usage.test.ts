import { describe, expect, it } from "vitest";
import { dailyTotals } from "./daily-usage";

describe("daily totals for the usage chart", () => {
  it("has one bar per UTC day of the period, empty days included", () => {
    const totals = dailyTotals([], "2026-11-01T00:00:00.000Z", "2026-11-04T00:00:00.000Z");
    expect(totals.map((total) => total.day)).toEqual(["2026-11-01", "2026-11-02", "2026-11-03"]);
  });

  it("sums usage by the day it occurred and subtracts releases", () => {
    const totals = dailyTotals(
      [
        { kind: "usage", quantity: 300, occurredAt: "2026-11-02T08:00:00.000Z" },
        { kind: "usage", quantity: 60, occurredAt: "2026-11-02T23:59:59.000Z" },
        { kind: "release", quantity: 60, occurredAt: "2026-11-02T23:59:59.500Z" },
        { kind: "usage", quantity: 5, occurredAt: "2026-11-03T00:00:00.000Z" },
      ],
      "2026-11-01T00:00:00.000Z",
      "2026-11-04T00:00:00.000Z",
    );
    expect(totals).toEqual([
      { day: "2026-11-01", used: 0 },
      { day: "2026-11-02", used: 300 },
      { day: "2026-11-03", used: 5 },
    ]);
  });

  it("ignores events outside the range", () => {
    const totals = dailyTotals(
      [{ kind: "usage", quantity: 9, occurredAt: "2026-10-31T12:00:00.000Z" }],
      "2026-11-01T00:00:00.000Z",
      "2026-11-02T00:00:00.000Z",
    );
    expect(totals).toEqual([{ day: "2026-11-01", used: 0 }]);
  });
});
