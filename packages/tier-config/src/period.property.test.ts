import fc from "fast-check";
import { describe, it } from "vitest";
import { type BillingInterval, periodFor } from "./period";
import type { MeterReset } from "./types";

const MIN_TIME = Date.UTC(1971, 0, 1);
const MAX_TIME = Date.UTC(2200, 0, 1);

const instant = fc.integer({ min: MIN_TIME, max: MAX_TIME }).map((time) => new Date(time));
/** Anchors on any instant, with extra weight on days 29 to 31, which short months clamp. */
const anchor = fc.oneof(
  instant,
  fc
    .record({
      year: fc.integer({ min: 1971, max: 2199 }),
      month: fc.integer({ min: 0, max: 11 }),
      day: fc.integer({ min: 29, max: 31 }),
      time: fc.integer({ min: 0, max: 86_399_999 }),
    })
    .map(({ year, month, day, time }) => {
      const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
      return new Date(Date.UTC(year, month, Math.min(day, lastDay)) + time);
    }),
);
const reset = fc.constantFrom<MeterReset>("billing_period", "calendar_month", "day", "never");
const interval = fc.constantFrom<BillingInterval>("month", "year");

describe("period properties", () => {
  it("every instant falls inside the period computed for it", () => {
    fc.assert(
      fc.property(reset, interval, anchor, instant, (reset, interval, anchor, at) => {
        const { start, end } = periodFor({ reset, at, anchor, interval });
        return start <= at && at < end;
      }),
    );
  });

  it("every instant falls in exactly one period: any instant of a period maps back to it", () => {
    fc.assert(
      fc.property(
        reset,
        interval,
        anchor,
        instant,
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (reset, interval, anchor, at, fraction) => {
          const period = periodFor({ reset, at, anchor, interval });
          const length = period.end.getTime() - period.start.getTime();
          const other = new Date(period.start.getTime() + Math.floor(length * fraction));
          const again = periodFor({ reset, at: other, anchor, interval });
          return (
            again.start.getTime() === period.start.getTime() &&
            again.end.getTime() === period.end.getTime()
          );
        },
      ),
    );
  });

  it("consecutive periods neither overlap nor leave gaps", () => {
    const resettingKind = fc.constantFrom<MeterReset>("billing_period", "calendar_month", "day");
    fc.assert(
      fc.property(resettingKind, interval, anchor, instant, (reset, interval, anchor, at) => {
        const current = periodFor({ reset, at, anchor, interval });
        const next = periodFor({ reset, at: current.end, anchor, interval });
        const previous = periodFor({
          reset,
          at: new Date(current.start.getTime() - 1),
          anchor,
          interval,
        });
        return (
          next.start.getTime() === current.end.getTime() &&
          previous.end.getTime() === current.start.getTime() &&
          current.start < current.end
        );
      }),
    );
  });

  it("billing periods start on the anchor's day of month, clamped to the month's length", () => {
    fc.assert(
      fc.property(anchor, instant, (anchor, at) => {
        const { start } = periodFor({ reset: "billing_period", at, anchor, interval: "month" });
        const lastDay = new Date(
          Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0),
        ).getUTCDate();
        return (
          start.getUTCDate() === Math.min(anchor.getUTCDate(), lastDay) &&
          start.getUTCHours() === anchor.getUTCHours() &&
          start.getUTCMilliseconds() === anchor.getUTCMilliseconds()
        );
      }),
    );
  });
});
