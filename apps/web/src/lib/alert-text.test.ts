import { describe, expect, it } from "vitest";
import { describeAlert } from "./alert-text";

const meters = new Map([
  [
    "ai_voice_seconds",
    { name: "AI voice minutes", display: { unit: "minute", perStoredUnits: 60 } },
  ],
]);

const base = {
  meterId: "ai_voice_seconds",
  thresholdPercent: 80,
  usedAtTrigger: 5760,
  allowanceAtTrigger: 7200,
};

describe("alert text", () => {
  it("names the threshold and the usage in display units", () => {
    expect(describeAlert({ ...base, kind: "usage_threshold" }, meters)).toEqual({
      title: "80% of your AI voice minutes used",
      detail: "96 minutes of 120 minutes this period.",
      tone: "warning",
    });
  });

  it("treats reaching the allowance as urgent", () => {
    expect(
      describeAlert({ ...base, kind: "usage_threshold", thresholdPercent: 100 }, meters).tone,
    ).toBe("danger");
  });

  it("describes a failed payment, which has no meter", () => {
    const text = describeAlert(
      { ...base, kind: "payment_failed", meterId: null, thresholdPercent: null },
      meters,
    );
    expect(text.title).toBe("A payment failed");
  });
});
