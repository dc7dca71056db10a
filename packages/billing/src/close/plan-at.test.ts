import type { Subscription } from "@tally/db";
import { coaching } from "@tally/tier-config";
import { describe, expect, it } from "vitest";
import { type AccountHistory, allowanceOverrideAt, type PlanEvent, planAt } from "./plan-at";

// Billing periods start on the 10th at 09:00.
const JAN_10 = new Date("2025-01-10T09:00:00Z");
const FEB_10 = new Date("2025-02-10T09:00:00Z");
const MAR_10 = new Date("2025-03-10T09:00:00Z");
const APR_10 = new Date("2025-04-10T09:00:00Z");

function at(text: string): Date {
  return new Date(text);
}

function subscription(values: Partial<Subscription>): Subscription {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    accountId: "00000000-0000-4000-8000-000000000002",
    planId: "growth",
    status: "active",
    billingInterval: "month",
    seats: 1,
    billingAnchor: JAN_10,
    currentPeriodStart: JAN_10,
    currentPeriodEnd: FEB_10,
    trialEndsAt: null,
    cancelAtPeriodEnd: false,
    scheduledPlanId: null,
    scheduledChangeAt: null,
    canceledAt: null,
    stripeSubscriptionId: null,
    createdAt: JAN_10,
    updatedAt: JAN_10,
    ...values,
  };
}

function event(
  action: PlanEvent["action"],
  fromPlanId: string | null,
  toPlanId: string,
  createdAt: Date,
  details: PlanEvent["details"] = null,
): PlanEvent {
  return { action, fromPlanId, toPlanId, createdAt, details };
}

function history(row: Partial<Subscription>, events: PlanEvent[]): AccountHistory {
  return { subscription: subscription(row), events, overrides: new Map() };
}

describe("planAt", () => {
  const upgraded = history({ planId: "mastery" }, [
    event("created", null, "lifestyle", JAN_10),
    event("upgraded", "lifestyle", "growth", at("2025-01-20T00:00:00Z")),
    event("upgraded", "growth", "mastery", at("2025-02-20T00:00:00Z")),
  ]);

  it.each([
    [
      "before any history line: the first line's starting plan",
      at("2025-01-01T00:00:00Z"),
      "lifestyle",
    ],
    ["between two upgrades: the earlier upgrade's plan", at("2025-02-10T08:59:59.999Z"), "growth"],
    ["after the last line: the stored plan", at("2025-03-01T00:00:00Z"), "mastery"],
  ])("%s", (_name, instant, planId) => {
    expect(planAt(coaching, upgraded, instant)).toBe(planId);
  });

  it("applies a scheduled downgrade at the period end even when the job wrote it down late", () => {
    const downgraded = history({ planId: "lifestyle" }, [
      event("created", null, "growth", JAN_10),
      event("downgrade_scheduled", "growth", "lifestyle", at("2025-01-20T00:00:00Z")),
      // The transition job was down for two periods.
      event("downgraded", "growth", "lifestyle", at("2025-04-01T00:00:00Z")),
    ]);
    expect(planAt(coaching, downgraded, new Date(FEB_10.getTime() - 1))).toBe("growth");
    expect(planAt(coaching, downgraded, FEB_10)).toBe("lifestyle");
    expect(planAt(coaching, downgraded, new Date(MAR_10.getTime() - 1))).toBe("lifestyle");
  });

  it("drops a scheduled downgrade that an upgrade replaced", () => {
    const replaced = history({ planId: "mastery" }, [
      event("created", null, "growth", JAN_10),
      event("downgrade_scheduled", "growth", "lifestyle", at("2025-01-20T00:00:00Z")),
      event("upgraded", "growth", "mastery", at("2025-01-25T00:00:00Z")),
      event("limit_override_set", "mastery", "mastery", APR_10, {
        meterId: "coach_calls",
        allowance: 9,
      }),
    ]);
    expect(planAt(coaching, replaced, at("2025-03-01T00:00:00Z"))).toBe("mastery");
  });

  it("reads a pending cancel from the stored row after the last line", () => {
    const canceling = history({ planId: "growth", cancelAtPeriodEnd: true }, [
      event("created", null, "growth", JAN_10),
      event("cancel_scheduled", "growth", "free", at("2025-01-20T00:00:00Z")),
    ]);
    expect(planAt(coaching, canceling, new Date(FEB_10.getTime() - 1))).toBe("growth");
    expect(planAt(coaching, canceling, FEB_10)).toBe("free");
  });
});

describe("allowanceOverrideAt", () => {
  const overridden: AccountHistory = {
    ...history({}, [
      event("created", null, "growth", JAN_10),
      event("limit_override_set", "growth", "growth", FEB_10, {
        meterId: "coach_calls",
        allowance: 5,
      }),
      event("limit_override_set", "growth", "growth", MAR_10, {
        meterId: "coach_calls",
        allowance: "unlimited",
      }),
      event("limit_override_cleared", "growth", "growth", APR_10, { meterId: "coach_calls" }),
    ]),
    overrides: new Map([["ai_voice_seconds", 36_000]]),
  };

  it.each([
    ["none before the first override", new Date(FEB_10.getTime() - 1), null],
    ["the allowance set", FEB_10, 5],
    ["unlimited once set so", MAR_10, "unlimited"],
    ["none once cleared", APR_10, null],
  ])("%s", (_name, instant, allowance) => {
    expect(allowanceOverrideAt(overridden, "coach_calls", instant)).toBe(allowance);
  });

  it("takes a stored override without any history line as always in effect", () => {
    expect(allowanceOverrideAt(overridden, "ai_voice_seconds", JAN_10)).toBe(36_000);
  });
});
