import { describe, expect, it } from "vitest";
import { CliUsageError, parseIsoDate, parseWholeNumber, readOptions } from "./cli-args";

describe("billing command arguments", () => {
  it("read known options and refuse unknown ones and stray words", () => {
    expect(readOptions(["--from", "2026-01-01", "--to", "2026-02-01"], ["from", "to"])).toEqual({
      from: "2026-01-01",
      to: "2026-02-01",
    });
    expect(() => readOptions(["--form", "2026-01-01"], ["from", "to"])).toThrow(CliUsageError);
    expect(() => readOptions(["now"], ["from"])).toThrow(CliUsageError);
    expect(() => readOptions(["--from"], ["from"])).toThrow(CliUsageError);
  });

  it("accept ISO dates and date-times with an offset, in UTC", () => {
    expect(parseIsoDate("from", "2026-01-01").toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(parseIsoDate("from", "2026-01-01T12:30:00Z").toISOString()).toBe(
      "2026-01-01T12:30:00.000Z",
    );
    expect(parseIsoDate("to", "2026-01-01T12:30:00+02:00").toISOString()).toBe(
      "2026-01-01T10:30:00.000Z",
    );
  });

  it("refuse missing, malformed, zone-less and impossible dates, naming the option", () => {
    expect(() => parseIsoDate("from", undefined)).toThrow("--from is required");
    expect(() => parseIsoDate("from", "01/02/2026")).toThrow(/--from must be an ISO date/);
    expect(() => parseIsoDate("to", "2026-01-01T00:00:00")).toThrow(/--to must be an ISO date/);
    expect(() => parseIsoDate("to", "2026-02-30")).toThrow(/not a real date/);
  });

  it("read whole numbers within bounds", () => {
    expect(parseWholeNumber("limit", undefined, { min: 1, max: 10, fallback: 5 })).toBe(5);
    expect(parseWholeNumber("limit", "7", { min: 1, max: 10, fallback: 5 })).toBe(7);
    expect(() => parseWholeNumber("limit", "0", { min: 1, max: 10, fallback: 5 })).toThrow(
      /--limit must be a whole number from 1 to 10/,
    );
    expect(() => parseWholeNumber("limit", "2.5", { min: 1, max: 10, fallback: 5 })).toThrow(
      CliUsageError,
    );
  });
});
