import { describe, expect, it } from "vitest";
import { createTokenBucket } from "./token-bucket";

function fakeClock(startMs = 0) {
  let at = startMs;
  return { now: () => at, advance: (ms: number) => (at += ms) };
}

describe("the Stripe request pacer (token bucket)", () => {
  it("lets a full bucket's burst through at once, then spaces claims at the rate", () => {
    const clock = fakeClock();
    const bucket = createTokenBucket({ ratePerSecond: 5, now: clock.now });
    const waits = Array.from({ length: 8 }, () => bucket.reserve());
    expect(waits).toEqual([0, 0, 0, 0, 0, 200, 400, 600]);
  });

  it("never allows more than rate x seconds + capacity claims without waiting", () => {
    const clock = fakeClock();
    const bucket = createTokenBucket({ ratePerSecond: 100, now: clock.now });
    let immediate = 0;
    // Ten seconds of callers arriving every millisecond, far faster than the rate.
    for (let ms = 0; ms < 10_000; ms += 1) {
      if (bucket.reserve() === 0) immediate += 1;
      clock.advance(1);
    }
    expect(immediate).toBeLessThanOrEqual(100 * 10 + 100);
  });

  it("refills with time but never beyond its capacity", () => {
    const clock = fakeClock();
    const bucket = createTokenBucket({ ratePerSecond: 2, capacity: 2, now: clock.now });
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([0, 0, 500]);
    // An hour idle refills two tokens, not 7,200.
    clock.advance(3_600_000);
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([0, 0, 500]);
  });

  it("paces below one request per second too", () => {
    const clock = fakeClock();
    const bucket = createTokenBucket({ ratePerSecond: 0.5, now: clock.now });
    expect([bucket.reserve(), bucket.reserve()]).toEqual([0, 2000]);
  });

  it("sleeps for the wait it reserved", async () => {
    const clock = fakeClock();
    const slept: number[] = [];
    const bucket = createTokenBucket({
      ratePerSecond: 10,
      capacity: 1,
      now: clock.now,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    await bucket.take();
    await bucket.take();
    expect(slept).toEqual([100]);
  });

  it("refuses a rate that is not a positive number", () => {
    expect(() => createTokenBucket({ ratePerSecond: 0 })).toThrow(/positive/);
    expect(() => createTokenBucket({ ratePerSecond: Number.NaN })).toThrow(/positive/);
    expect(() => createTokenBucket({ ratePerSecond: 1, capacity: 0.5 })).toThrow(/at least 1/);
  });
});
