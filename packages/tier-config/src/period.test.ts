import { describe, expect, it } from "vitest";
import {
  addMonthsClamped,
  billingPeriodFor,
  LIFETIME_PERIOD,
  type Period,
  periodFor,
} from "./period";
import type { MeterReset } from "./types";

const utc = (iso: string) => new Date(`${iso}Z`);
const iso = (period: Period) => ({
  start: period.start.toISOString(),
  end: period.end.toISOString(),
});

describe("addMonthsClamped", () => {
  it.each([
    [
      "2024-01-31T00:00:00",
      1,
      "2024-02-29T00:00:00.000Z",
      "Jan 31 + 1 clamps to Feb 29 in a leap year",
    ],
    ["2023-01-31T00:00:00", 1, "2023-02-28T00:00:00.000Z", "Jan 31 + 1 clamps to Feb 28"],
    ["2023-01-31T00:00:00", 2, "2023-03-31T00:00:00.000Z", "Jan 31 + 2 is Mar 31, not Mar 28"],
    ["2023-01-31T00:00:00", 3, "2023-04-30T00:00:00.000Z", "Jan 31 + 3 clamps to Apr 30"],
    ["2023-03-31T00:00:00", -1, "2023-02-28T00:00:00.000Z", "negative months clamp too"],
    [
      "2023-11-15T09:30:00",
      2,
      "2024-01-15T09:30:00.000Z",
      "crosses a year, keeping the time of day",
    ],
    ["2024-02-29T12:00:00", 12, "2025-02-28T12:00:00.000Z", "Feb 29 + 1 year clamps to Feb 28"],
    ["2024-02-29T12:00:00", 48, "2028-02-29T12:00:00.000Z", "Feb 29 + 4 years is Feb 29"],
    ["2024-05-10T00:00:00", 0, "2024-05-10T00:00:00.000Z", "zero months is the same instant"],
  ])("%s + %s months = %s (%s)", (from, months, expected) => {
    expect(addMonthsClamped(utc(from), months).toISOString()).toBe(expected);
  });

  it("does not change its argument", () => {
    const date = utc("2024-01-31T00:00:00");
    addMonthsClamped(date, 1);
    expect(date.toISOString()).toBe("2024-01-31T00:00:00.000Z");
  });

  it("rejects an invalid Date and fractional months", () => {
    expect(() => addMonthsClamped(new Date(Number.NaN), 1)).toThrow("date must be a valid Date");
    expect(() => addMonthsClamped(utc("2024-01-31T00:00:00"), 1.5)).toThrow("months must be");
  });

  it("rejects a result beyond the Date range", () => {
    expect(() => addMonthsClamped(utc("2024-01-31T00:00:00"), 12 * 300_000)).toThrow(RangeError);
  });
});

describe("billingPeriodFor", () => {
  const anchor = utc("2024-01-31T10:00:00");

  it.each([
    [
      "at the anchor itself",
      "2024-01-31T10:00:00",
      "2024-01-31T10:00:00.000Z",
      "2024-02-29T10:00:00.000Z",
    ],
    [
      "one millisecond before the period ends",
      "2024-02-29T09:59:59.999",
      "2024-01-31T10:00:00.000Z",
      "2024-02-29T10:00:00.000Z",
    ],
    [
      "exactly at the period end (half-open)",
      "2024-02-29T10:00:00",
      "2024-02-29T10:00:00.000Z",
      "2024-03-31T10:00:00.000Z",
    ],
    [
      "after a short month, back to the 31st",
      "2024-04-01T00:00:00",
      "2024-03-31T10:00:00.000Z",
      "2024-04-30T10:00:00.000Z",
    ],
    ["a year later", "2025-02-15T00:00:00", "2025-01-31T10:00:00.000Z", "2025-02-28T10:00:00.000Z"],
    [
      "before the anchor (negative period index)",
      "2023-12-31T09:00:00",
      "2023-11-30T10:00:00.000Z",
      "2023-12-31T10:00:00.000Z",
    ],
  ])("monthly, anchored Jan 31: %s", (_case, at, start, end) => {
    expect(iso(billingPeriodFor({ anchor, at: utc(at), interval: "month" }))).toEqual({
      start,
      end,
    });
  });

  it("yearly from Feb 29 clamps to Feb 28 and returns to Feb 29 in leap years", () => {
    const leapAnchor = utc("2024-02-29T00:00:00");
    expect(
      iso(
        billingPeriodFor({ anchor: leapAnchor, at: utc("2025-06-01T00:00:00"), interval: "year" }),
      ),
    ).toEqual({
      start: "2025-02-28T00:00:00.000Z",
      end: "2026-02-28T00:00:00.000Z",
    });
    expect(
      iso(
        billingPeriodFor({ anchor: leapAnchor, at: utc("2028-03-01T00:00:00"), interval: "year" }),
      ),
    ).toEqual({
      start: "2028-02-29T00:00:00.000Z",
      end: "2029-02-28T00:00:00.000Z",
    });
  });

  it("rejects invalid Dates, naming the parameter", () => {
    const invalid = new Date("not a date");
    expect(() => billingPeriodFor({ anchor: invalid, at: anchor, interval: "month" })).toThrow(
      "anchor must be a valid Date",
    );
    expect(() => billingPeriodFor({ anchor, at: invalid, interval: "month" })).toThrow(
      "at must be a valid Date",
    );
  });
});

describe("periodFor", () => {
  const anchor = utc("2024-01-31T10:00:00");
  const at = utc("2024-02-29T23:59:59.999");

  it.each<[MeterReset, string, string]>([
    // The anchor's time of day (10:00) bounds billing periods; Feb 29 is the clamped Jan 31.
    ["billing_period", "2024-02-29T10:00:00.000Z", "2024-03-31T10:00:00.000Z"],
    ["calendar_month", "2024-02-01T00:00:00.000Z", "2024-03-01T00:00:00.000Z"],
    ["day", "2024-02-29T00:00:00.000Z", "2024-03-01T00:00:00.000Z"],
    ["never", "1970-01-01T00:00:00.000Z", "9999-12-31T00:00:00.000Z"],
  ])("%s counts in [%s, %s)", (reset, start, end) => {
    expect(iso(periodFor({ reset, at, anchor, interval: "month" }))).toEqual({ start, end });
  });

  it("starts a new day at 00:00 UTC exactly", () => {
    const midnight = utc("2024-03-01T00:00:00");
    expect(periodFor({ reset: "day", at: midnight, anchor, interval: "month" }).start).toEqual(
      midnight,
    );
  });

  it("calendar months ignore the anchor", () => {
    const period = periodFor({
      reset: "calendar_month",
      at: utc("2024-12-31T23:00:00"),
      anchor,
      interval: "year",
    });
    expect(iso(period)).toEqual({
      start: "2024-12-01T00:00:00.000Z",
      end: "2025-01-01T00:00:00.000Z",
    });
  });

  it("never-resetting meters share the lifetime period, without exposing the constant to mutation", () => {
    const period = periodFor({ reset: "never", at, anchor, interval: "month" });
    expect(period).toEqual(LIFETIME_PERIOD);
    period.start.setTime(0);
    period.end.setTime(0);
    expect(LIFETIME_PERIOD.end.toISOString()).toBe("9999-12-31T00:00:00.000Z");
  });

  it("rejects an instant outside the lifetime period for a never-resetting meter", () => {
    expect(() =>
      periodFor({ reset: "never", at: utc("1969-12-31T23:59:59"), anchor, interval: "month" }),
    ).toThrow("outside the lifetime period");
  });

  it("handles years before 100 without reading them as 19xx", () => {
    const ancient = new Date(Date.UTC(2000, 0, 15));
    ancient.setUTCFullYear(50);
    expect(
      periodFor({
        reset: "calendar_month",
        at: ancient,
        anchor,
        interval: "month",
      }).start.getUTCFullYear(),
    ).toBe(50);
  });

  it("rejects an invalid Date, naming the parameter", () => {
    expect(() =>
      periodFor({ reset: "day", at: new Date(Number.NaN), anchor, interval: "month" }),
    ).toThrow("at must be a valid Date");
    expect(() =>
      periodFor({ reset: "day", at, anchor: new Date(Number.NaN), interval: "month" }),
    ).toThrow("anchor must be a valid Date");
  });
});
