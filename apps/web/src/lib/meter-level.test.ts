import { describe, expect, it } from "vitest";
import { fillPercent, meterLevel } from "./meter-level";

const thresholds = [80, 100];

describe("meter level agrees with the server's alert thresholds", () => {
  it("is ok below the first threshold", () => {
    expect(meterLevel(5759, 7200, thresholds)).toBe("ok");
  });

  it("turns amber exactly at 80%", () => {
    expect(meterLevel(5760, 7200, thresholds)).toBe("warning");
  });

  it("turns red exactly at 100% and stays red in overage", () => {
    expect(meterLevel(7199, 7200, thresholds)).toBe("warning");
    expect(meterLevel(7200, 7200, thresholds)).toBe("blocked");
    expect(meterLevel(9000, 7200, thresholds)).toBe("blocked");
  });

  it("never alerts an unlimited meter or an unused zero allowance", () => {
    expect(meterLevel(1_000_000, "unlimited", thresholds)).toBe("ok");
    expect(meterLevel(0, 0, thresholds)).toBe("ok");
  });

  it("follows a plan's own thresholds", () => {
    expect(meterLevel(50, 100, [50, 90])).toBe("warning");
  });
});

describe("progress bar fill", () => {
  it("is capped at a full bar in overage", () => {
    expect(fillPercent(9000, 7200)).toBe(100);
    expect(fillPercent(3600, 7200)).toBe(50);
  });

  it("is empty for unlimited meters", () => {
    expect(fillPercent(500, "unlimited")).toBe(0);
  });
});
