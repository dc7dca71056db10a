import { defineCatalog } from "../define-catalog";

const REPORT_GRACE = { kind: "grace", graceRatio: "1.10" } as const;

/**
 * A monthly report quota. Free plans warn from 80% and block at 110% (the grace ratio); paid
 * plans warn from 80% and bill every report past the quota instead of blocking.
 *
 * The source sets no subscription prices. These are chosen so that upgrading beats paying
 * overage: Team ($149) costs less than Pro ($49) plus Pro overage on 700 more reports ($1,050).
 * Annual is ten times monthly. Sponsored and affiliate plans cost nothing and are assigned by
 * operators, so upgrade prompts never offer them.
 */
export const reports = defineCatalog({
  id: "reports",
  name: "Reports",
  currency: "usd",
  defaultPlan: "free",
  freePlan: "free",
  alertThresholdsPercent: [80, 100],
  meters: {
    reports: {
      name: "Reports",
      unit: "report",
      display: { unit: "report", perStoredUnits: 1 },
      reset: "calendar_month",
    },
  },
  moduleGroups: {},
  modules: {},
  features: {},
  plans: {
    free: {
      name: "Free",
      level: 0,
      priceMonthlyCents: 0,
      priceAnnualCents: 0,
      modules: { groups: [] },
      meters: { reports: { allowance: 50, overage: REPORT_GRACE } },
      features: {},
    },
    sponsored_free: {
      name: "Sponsored",
      level: 1,
      priceMonthlyCents: 0,
      priceAnnualCents: 0,
      modules: { groups: [] },
      meters: { reports: { allowance: 75, overage: REPORT_GRACE } },
      features: {},
      selfServe: false,
    },
    pro: {
      name: "Pro",
      level: 2,
      priceMonthlyCents: 4900,
      priceAnnualCents: 49_000,
      modules: { groups: [] },
      meters: {
        reports: {
          allowance: 300,
          overage: { kind: "per_unit", unitPriceCentsDecimal: "150", billingUnitSize: 1 },
        },
      },
      features: {},
    },
    team: {
      name: "Team",
      level: 3,
      priceMonthlyCents: 14_900,
      priceAnnualCents: 149_000,
      modules: { groups: [] },
      meters: {
        reports: {
          allowance: 1000,
          overage: { kind: "per_unit", unitPriceCentsDecimal: "100", billingUnitSize: 1 },
        },
      },
      features: {},
    },
    affiliate: {
      name: "Affiliate",
      level: 4,
      priceMonthlyCents: 0,
      priceAnnualCents: 0,
      modules: { groups: [] },
      meters: {
        // Never blocked and never charged: overage is counted at a price of zero.
        reports: {
          allowance: 5000,
          overage: { kind: "per_unit", unitPriceCentsDecimal: "0", billingUnitSize: 1 },
        },
      },
      features: {},
      selfServe: false,
    },
  },
});
