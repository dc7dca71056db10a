import { assistant, coaching, ide, membership } from "@tally/tier-config";
import { describe, expect, it } from "vitest";
import { effectivePlan } from "./effective-plan";
import { MeteringError } from "./errors";
import { subscriptionRow } from "./test-support";

const anchor = new Date("2026-01-31T10:00:00Z");
const periodEnd = new Date("2026-02-28T10:00:00Z");
const before = (date: Date) => new Date(date.getTime() - 1);

describe("effectivePlan", () => {
  it("keeps a running subscription as it is, with full access", () => {
    const row = subscriptionRow({ planId: "growth", billingAnchor: anchor });
    expect(effectivePlan(coaching, row, new Date("2026-02-10T00:00:00Z"))).toEqual({
      planId: "growth",
      status: "active",
      access: "full",
      anchor,
      interval: "month",
      trialEndsAt: null,
    });
  });

  it("applies a scheduled downgrade from its change time on, without waiting for the job", () => {
    const row = subscriptionRow({
      planId: "business",
      billingAnchor: anchor,
      scheduledPlanId: "pro",
      scheduledChangeAt: periodEnd,
    });
    expect(effectivePlan(membership, row, before(periodEnd)).planId).toBe("business");
    expect(effectivePlan(membership, row, periodEnd).planId).toBe("pro");
  });

  it("keeps a cancelled plan until the period end, then reverts to the free plan", () => {
    const row = subscriptionRow({ planId: "pro", billingAnchor: anchor, cancelAtPeriodEnd: true });
    expect(effectivePlan(membership, row, before(periodEnd))).toMatchObject({
      planId: "pro",
      access: "full",
    });
    // Periods are half-open: the end instant already belongs to the next period.
    expect(effectivePlan(membership, row, periodEnd)).toMatchObject({
      planId: "member",
      status: "active",
      access: "full",
    });
  });

  it("lets a cancel at the period end win over a downgrade scheduled for the same instant", () => {
    const row = subscriptionRow({
      planId: "elite",
      billingAnchor: anchor,
      cancelAtPeriodEnd: true,
      scheduledPlanId: "pro",
      scheduledChangeAt: periodEnd,
    });
    expect(effectivePlan(membership, row, periodEnd).planId).toBe("member");
  });

  it("puts a cancelled subscription on the free plan", () => {
    const row = subscriptionRow({ planId: "growth", billingAnchor: anchor, status: "canceled" });
    expect(effectivePlan(coaching, row, anchor)).toMatchObject({
      planId: "free",
      status: "active",
      access: "full",
    });
  });

  it("does not restart a trial: a catalog whose free plan is a trial expires a cancelled account", () => {
    const canceled = subscriptionRow({ planId: "pro", billingAnchor: anchor, status: "canceled" });
    expect(effectivePlan(assistant, canceled, anchor)).toMatchObject({
      planId: "trial",
      status: "expired",
      access: "blocked",
    });
    expect(effectivePlan(ide, canceled, anchor)).toMatchObject({
      planId: "free",
      status: "expired",
      access: "read_only",
    });
  });

  it("expires a trial at its end, to the access its plan's expiry names", () => {
    const trialEndsAt = new Date("2026-02-07T10:00:00Z");
    const trial = { billingAnchor: anchor, status: "trialing" as const, trialEndsAt };
    const assistantTrial = subscriptionRow({ planId: "trial", ...trial });
    expect(effectivePlan(assistant, assistantTrial, before(trialEndsAt))).toMatchObject({
      status: "trialing",
      access: "full",
      trialEndsAt,
    });
    expect(effectivePlan(assistant, assistantTrial, trialEndsAt)).toMatchObject({
      planId: "trial",
      status: "expired",
      access: "blocked",
    });
    const ideTrial = subscriptionRow({ planId: "free", ...trial });
    expect(effectivePlan(ide, ideTrial, trialEndsAt)).toMatchObject({
      status: "expired",
      access: "read_only",
    });
  });

  it("blocks an expired subscription whose plan names no expiry", () => {
    const row = subscriptionRow({ planId: "lifestyle", billingAnchor: anchor, status: "expired" });
    expect(effectivePlan(coaching, row, anchor).access).toBe("blocked");
  });

  it("keeps full access while a payment is past due", () => {
    const row = subscriptionRow({ planId: "pro", billingAnchor: anchor, status: "past_due" });
    expect(effectivePlan(assistant, row, anchor)).toMatchObject({
      status: "past_due",
      access: "full",
    });
  });

  it("refuses a plan id the catalog does not know, current or scheduled", () => {
    const stale = subscriptionRow({ planId: "platinum", billingAnchor: anchor });
    expect(() => effectivePlan(coaching, stale, anchor)).toThrow(
      expect.objectContaining({
        code: "unknown_plan",
        details: expect.objectContaining({ planId: "platinum" }),
      }),
    );
    const scheduled = subscriptionRow({
      planId: "growth",
      billingAnchor: anchor,
      scheduledPlanId: "toString",
      scheduledChangeAt: anchor,
    });
    expect(() => effectivePlan(coaching, scheduled, anchor)).toThrow(MeteringError);
  });
});
