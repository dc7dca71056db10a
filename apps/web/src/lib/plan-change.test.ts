import { coaching } from "@tally/tier-config";
import { describe, expect, it } from "vitest";
import { describePlanAction } from "./plan-change";

const subscription = {
  planId: "lifestyle",
  periodEnd: "2026-12-11T00:00:00.000Z",
  freePlanName: "Free",
};

describe("plan change confirmation", () => {
  it("says an upgrade applies now, to the current period, at the new price", () => {
    const text = describePlanAction(coaching, subscription, {
      kind: "upgrade",
      planId: "growth",
      interval: "month",
    });
    expect(text.title).toBe("Upgrade to Growth");
    expect(text.body.join(" ")).toContain("now, at $79/mo");
    expect(text.body.join(" ")).toContain("ends Dec 11, 2026");
  });

  it("says a downgrade waits for the period end", () => {
    const text = describePlanAction(coaching, subscription, {
      kind: "downgrade",
      planId: "free",
      interval: "month",
    });
    expect(text.body.join(" ")).toContain(
      "You keep Lifestyle and everything in it until Dec 11, 2026",
    );
    expect(text.confirmLabel).toBe("Schedule downgrade");
  });

  it("says a cancel keeps access until the period end, then falls back to the free plan", () => {
    const text = describePlanAction(coaching, subscription, { kind: "cancel" });
    expect(text.body.join(" ")).toContain("On Dec 11, 2026 the account moves to the Free plan");
  });

  it("prices annual billing by the year", () => {
    const text = describePlanAction(coaching, subscription, {
      kind: "upgrade",
      planId: "mastery",
      interval: "year",
    });
    expect(text.body.join(" ")).toContain("$1,990/yr");
  });
});
