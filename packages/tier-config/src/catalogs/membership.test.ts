import { describe, expect, it } from "vitest";
import { comparePlans } from "../compare-plans";
import { billingPeriodFor } from "../period";
import { membership } from "./membership";

/** When a plan change requested at `at` takes effect, per the membership lifecycle. */
function changeTakesEffect(
  from: "member" | "pro" | "business" | "elite" | "family",
  to: typeof from,
  at: Date,
) {
  const change = comparePlans(membership, from, to);
  if (change === "upgrade") {
    return at;
  }
  return billingPeriodFor({ anchor: new Date("2024-01-31T12:00:00Z"), at, interval: "month" }).end;
}

describe("membership catalog", () => {
  it("starts everyone as member and reverts cancels to member", () => {
    expect(membership.defaultPlan).toBe("member");
    expect(membership.freePlan).toBe("member");
  });

  it("uses the source's levels and Pro's prices", () => {
    expect(Object.values(membership.plans).map((plan) => plan.level)).toEqual([1, 2, 3, 4, 5]);
    expect(membership.plans.pro).toMatchObject({ priceMonthlyCents: 999, priceAnnualCents: 9990 });
  });

  it("applies an upgrade at once", () => {
    const at = new Date("2024-02-10T08:00:00Z");
    expect(changeTakesEffect("pro", "elite", at)).toEqual(at);
  });

  it.each([
    ["2024-02-10T08:00:00Z", "2024-02-29T12:00:00.000Z", "leap February"],
    ["2023-02-10T08:00:00Z", "2023-02-28T12:00:00.000Z", "common February"],
    ["2024-03-05T08:00:00Z", "2024-03-31T12:00:00.000Z", "back to the 31st after February"],
    ["2024-04-30T12:00:00Z", "2024-05-31T12:00:00.000Z", "requested exactly at a period start"],
  ])("schedules a downgrade requested %s for the period end %s (%s)", (at, end) => {
    expect(changeTakesEffect("elite", "pro", new Date(at)).toISOString()).toBe(end);
  });
});
