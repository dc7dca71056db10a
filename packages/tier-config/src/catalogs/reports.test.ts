import { describe, expect, it } from "vitest";
import { decide } from "../decide";
import { effectiveReset } from "../effective-settings";
import { entitlementFor } from "../lookup";
import { periodFor } from "../period";
import { priceOverage } from "../price-overage";
import { reports } from "./reports";

type ReportsPlan = keyof typeof reports.plans;
const THRESHOLDS = reports.alertThresholdsPercent;

/** The decision for the `nth` report of the month. */
function decideReport(planId: ReportsPlan, nth: number) {
  const entitlement = entitlementFor(reports, planId, "reports");
  return decide({ used: nth - 1, quantity: 1, entitlement, thresholdsPercent: THRESHOLDS });
}

describe("reports catalog", () => {
  it.each<[ReportsPlan, number, string, string]>([
    ["free", 39, "allow", "within_allowance"], // ratio 0.78
    ["free", 40, "warn", "near_limit"], // ratio 0.8
    ["free", 50, "warn", "near_limit"], // ratio 1.0
    ["free", 51, "warn", "over_allowance_grace"],
    ["free", 55, "warn", "over_allowance_grace"], // 50 × 1.10: the last one allowed
    ["free", 56, "block", "limit_reached"], // ratio >= 1.1
    ["sponsored_free", 82, "warn", "over_allowance_grace"], // floor(75 × 1.10) = 82
    ["sponsored_free", 83, "block", "limit_reached"],
    ["pro", 239, "allow", "within_allowance"],
    ["pro", 240, "warn", "near_limit"],
    ["pro", 330, "warn", "overage_billed"], // ratio 1.1: paid plans warn and bill instead
    ["pro", 5000, "warn", "overage_billed"],
    ["team", 1100, "warn", "overage_billed"],
    ["affiliate", 50_000, "warn", "overage_billed"],
  ])("%s: report #%s is %s (%s)", (planId, nth, outcome, reason) => {
    expect(decideReport(planId, nth)).toMatchObject({ outcome, reason });
  });

  it("reports the ratio in basis points: 56 of 50 is 1.12", () => {
    expect(decideReport("free", 56).ratioBasisPoints).toBe(11_200);
  });

  it.each<[ReportsPlan, number, number]>([
    ["free", 55, 0],
    ["pro", 301, 150],
    ["pro", 330, 4500],
    ["team", 1100, 10_000],
    ["affiliate", 50_000, 0],
  ])("%s with %s reports is charged %s cents", (planId, used, cents) => {
    expect(
      priceOverage({ used, entitlement: entitlementFor(reports, planId, "reports") }).amountCents,
    ).toBe(cents);
  });

  it("counts reports per calendar month, whatever the billing anchor", () => {
    expect(effectiveReset(reports, "pro", "reports")).toBe("calendar_month");
    const period = periodFor({
      reset: "calendar_month",
      at: new Date("2024-02-29T23:59:59.999Z"),
      anchor: new Date("2024-01-17T08:00:00Z"),
      interval: "month",
    });
    expect(period).toEqual({
      start: new Date("2024-02-01T00:00:00Z"),
      end: new Date("2024-03-01T00:00:00Z"),
    });
  });
});
