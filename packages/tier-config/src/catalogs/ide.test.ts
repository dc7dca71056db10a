import { describe, expect, it } from "vitest";
import { decide } from "../decide";
import { effectiveReset } from "../effective-settings";
import { entitlementFor, planOf } from "../lookup";
import { periodFor } from "../period";
import { ide } from "./ide";

const anchor = new Date("2024-03-10T15:00:00Z");

describe("ide catalog", () => {
  it("resets daily limits at 00:00 UTC", () => {
    expect(effectiveReset(ide, "free", "calls")).toBe("day");
    const lastMoment = periodFor({
      reset: "day",
      at: new Date("2024-03-12T23:59:59.999Z"),
      anchor,
      interval: "month",
    });
    const midnight = periodFor({
      reset: "day",
      at: new Date("2024-03-13T00:00:00.000Z"),
      anchor,
      interval: "month",
    });
    expect(lastMoment).toEqual({
      start: new Date("2024-03-12T00:00:00Z"),
      end: new Date("2024-03-13T00:00:00Z"),
    });
    expect(midnight.start).toEqual(lastMoment.end);
  });

  it("lets free make 20 calls a day and blocks the 21st, reporting what remains", () => {
    const entitlement = entitlementFor(ide, "free", "calls");
    const thresholdsPercent = ide.alertThresholdsPercent;
    expect(decide({ used: 0, quantity: 1, entitlement, thresholdsPercent })).toMatchObject({
      outcome: "allow",
      remaining: 19,
    });
    expect(decide({ used: 19, quantity: 1, entitlement, thresholdsPercent })).toMatchObject({
      outcome: "warn",
      remaining: 0,
    });
    expect(decide({ used: 20, quantity: 1, entitlement, thresholdsPercent })).toMatchObject({
      outcome: "block",
      hardLimit: 20,
      usedAfter: 21,
    });
  });

  it("holds concurrent sessions, storage and members for life, not per day", () => {
    expect(effectiveReset(ide, "pro", "sessions")).toBe("never");
    expect(effectiveReset(ide, "pro", "storage_megabytes")).toBe("never");
    expect(effectiveReset(ide, "pro", "team_members")).toBe("never");
  });

  it("meters storage in megabytes: 0.5 GB is 512 MB", () => {
    expect(entitlementFor(ide, "free", "storage_megabytes").allowance).toBe(512);
    expect(entitlementFor(ide, "teams_small", "storage_megabytes").allowance).toBe(1000 * 1024);
  });

  it("makes calls unlimited from teams_large and LLM requests from enterprise", () => {
    expect(entitlementFor(ide, "teams_medium", "calls").allowance).toBe(500_000);
    expect(entitlementFor(ide, "teams_large", "calls").allowance).toBe("unlimited");
    expect(entitlementFor(ide, "teams_large", "llm_requests").allowance).toBe(100_000);
    expect(entitlementFor(ide, "enterprise_standard", "llm_requests").allowance).toBe("unlimited");
  });

  it.each([
    [
      "code_execution",
      [
        "pro",
        "pro_plus",
        "teams_small",
        "teams_medium",
        "teams_large",
        "enterprise_standard",
        "enterprise_premium",
        "enterprise_ultimate",
      ],
    ],
    ["hipaa_ready", ["enterprise_standard", "enterprise_premium", "enterprise_ultimate"]],
    ["custom_llms", ["enterprise_standard", "enterprise_premium", "enterprise_ultimate"]],
    ["sso", ["enterprise_premium", "enterprise_ultimate"]],
    ["saml", ["enterprise_ultimate"]],
    ["custom_integrations", ["enterprise_ultimate"]],
    ["on_premise", ["enterprise_ultimate"]],
    ["executive_access", ["enterprise_ultimate"]],
  ] as const)("turns on %s for exactly the tiers in the source", (feature, tiers) => {
    const enabled = Object.entries(ide.plans)
      .filter(([, plan]) => plan.features[feature])
      .map(([planId]) => planId);
    expect(enabled).toEqual(tiers);
  });

  it("makes free a 7-day trial that turns read-only when it expires", () => {
    expect(planOf(ide, "free")).toMatchObject({ trialDays: 7, expiry: "read_only" });
  });
});
