import { describe, expect, it } from "vitest";
import { parseRetryAfterMs, retryDelayMs } from "./retry-delay";

describe("retry delays", () => {
  const base = { baseMs: 100, maxMs: 5_000 };

  it("double their ceiling with each attempt, up to the maximum", () => {
    const ceilings = [1, 2, 3, 4, 10].map((attempt) =>
      retryDelayMs({ ...base, attempt, random: 0.999_999 }),
    );
    expect(ceilings).toEqual([100, 200, 400, 800, 5_000]);
  });

  it("are jittered anywhere from zero to the ceiling", () => {
    expect(retryDelayMs({ ...base, attempt: 3, random: 0 })).toBe(0);
    expect(retryDelayMs({ ...base, attempt: 3, random: 0.5 })).toBe(200);
  });

  it("never come sooner than Retry-After asks, even past the maximum", () => {
    expect(retryDelayMs({ ...base, attempt: 1, random: 0, retryAfterMs: 1_000 })).toBe(1_000);
    expect(retryDelayMs({ ...base, attempt: 1, random: 0.5, retryAfterMs: 60_000 })).toBe(60_000);
    expect(retryDelayMs({ ...base, attempt: 10, random: 0.999_999, retryAfterMs: 1 })).toBe(5_000);
  });

  it("read Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfterMs("2", now)).toBe(2_000);
    expect(parseRetryAfterMs(" 0.5 ", now)).toBe(500);
    expect(parseRetryAfterMs("Thu, 01 Jan 2026 00:00:03 GMT", now)).toBe(3_000);
    expect(parseRetryAfterMs("Wed, 31 Dec 2025 23:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
    expect(parseRetryAfterMs("soon", now)).toBeUndefined();
  });
});
