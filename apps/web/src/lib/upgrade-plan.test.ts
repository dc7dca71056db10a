import { coaching } from "@tally/tier-config";
import { describe, expect, it } from "vitest";
import { withUpgradePlan } from "./upgrade-plan";

const refusal = {
  message: "No voice minutes remain on your plan",
  reason: "limit_reached",
  meter: "ai_voice_seconds",
  used: 900,
  limit: 900,
  resetsAt: null,
  upgradeTo: null,
};

describe("the plan a refusal points to", () => {
  it("keeps the server's choice when it made one", () => {
    expect(withUpgradePlan({ ...refusal, upgradeTo: "mastery" }, coaching)?.upgradeTo).toBe(
      "mastery",
    );
  });

  it("picks the cheapest plan with more than the refusing limit when the server named none", () => {
    expect(withUpgradePlan(refusal, coaching)?.upgradeTo).toBe("lifestyle");
  });

  it("leaves refusals about unknown meters alone", () => {
    expect(withUpgradePlan({ ...refusal, meter: "nope" }, coaching)?.upgradeTo).toBeNull();
  });
});
