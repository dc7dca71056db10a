import { coaching, priceOverage } from "@tally/tier-config";
import { describe, expect, it } from "vitest";
import { upgradeAdvice } from "./upgrade-advice";

const voice = coaching.plans.lifestyle.meters.ai_voice_seconds;
const NO_OVERAGE = priceOverage({ used: 0, entitlement: voice });

function meter(
  meterId: string,
  used: number,
  allowance: number | "unlimited",
  projectedUsed: number,
  projectedOverageCents = 0,
) {
  return {
    meterId,
    used,
    allowance,
    thresholdsPercent: [80, 100],
    projected: {
      used: projectedUsed,
      overage: { ...NO_OVERAGE, amountCents: projectedOverageCents },
    },
  };
}

describe("upgrade prompt", () => {
  it("stays quiet while every meter is comfortable", () => {
    expect(
      upgradeAdvice(coaching, "lifestyle", [
        meter("ai_voice_seconds", 1000, 7200, 2000),
        meter("coach_calls", 0, 0, 0),
      ]),
    ).toBeNull();
  });

  it("names the plan that covers the pace and what it costs against staying", () => {
    // Ben: 85% of Lifestyle's 120 minutes, heading for 150 (30 minutes at $0.10 = $3.00).
    const advice = upgradeAdvice(coaching, "lifestyle", [
      meter("ai_voice_seconds", 6120, 7200, 9000, 300),
      meter("coach_calls", 0, 0, 0),
    ]);
    expect(advice).toEqual({
      kind: "upgrade",
      planId: "growth",
      planName: "Growth",
      meterIds: ["ai_voice_seconds"],
      currentMonthlyCents: 2900 + 300,
      suggestedMonthlyCents: 7900,
      differenceCents: 7900 - 3200,
    });
  });

  it("prices the suggested plan's own overage at the projected usage", () => {
    // 400 projected minutes on Growth: 100 past its 300, at $0.08 a minute.
    const advice = upgradeAdvice(coaching, "lifestyle", [
      meter("ai_voice_seconds", 7200, 7200, 24_000, 2000),
    ]);
    expect(advice?.kind).toBe("upgrade");
    if (advice?.kind === "upgrade") {
      expect(advice.planId).toBe("mastery");
      expect(advice.suggestedMonthlyCents).toBe(19_900);
    }
  });

  it("never suggests the plan whose allowance is already used up", () => {
    // Ada: 15 one-time minutes used up on Free; the projection cannot pass the hard limit.
    const advice = upgradeAdvice(coaching, "free", [meter("ai_voice_seconds", 900, 900, 900)]);
    expect(advice?.kind === "upgrade" && advice.planId).toBe("lifestyle");
  });

  it("ignores unlimited meters", () => {
    expect(
      upgradeAdvice(coaching, "mastery", [meter("ai_voice_seconds", 99_999, "unlimited", 99_999)]),
    ).toBeNull();
  });
});
