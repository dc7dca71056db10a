import { defineCatalog } from "../define-catalog";

const BLOCK = { kind: "block" } as const;

/**
 * An AI assistant with a 7-day trial and a per-seat team plan. The source gives no overage
 * prices, so every limit is hard. Upgrades follow the levels (trial -> any; pro -> plus or
 * teams; plus -> teams). There is no free tier: a cancelled subscription reverts to the trial
 * plan, whose expiry ("blocked") then applies.
 *
 * The source quotes monthly prices only; annual is twelve months at the monthly price.
 */
export const assistant = defineCatalog({
  id: "assistant",
  name: "Assistant",
  currency: "usd",
  defaultPlan: "trial",
  freePlan: "trial",
  alertThresholdsPercent: [80, 100],
  meters: {
    requests: {
      name: "Requests",
      unit: "request",
      display: { unit: "request", perStoredUnits: 1 },
      reset: "billing_period",
    },
    tokens: {
      name: "Tokens",
      unit: "token",
      display: { unit: "token", perStoredUnits: 1 },
      reset: "billing_period",
    },
  },
  moduleGroups: {},
  modules: {},
  features: {
    admin_users_view: { name: "Admin users view" },
  },
  plans: {
    trial: {
      name: "Trial",
      level: 0,
      priceMonthlyCents: 0,
      priceAnnualCents: 0,
      trialDays: 7,
      expiry: "blocked",
      modules: { groups: [] },
      meters: {
        requests: { allowance: 120, overage: BLOCK },
        tokens: { allowance: 50_000, overage: BLOCK },
      },
      features: { admin_users_view: false },
    },
    pro: {
      name: "Pro",
      level: 1,
      priceMonthlyCents: 1000,
      priceAnnualCents: 12_000,
      modules: { groups: [] },
      meters: {
        requests: { allowance: 1000, overage: BLOCK },
        tokens: { allowance: 1_000_000, overage: BLOCK },
      },
      features: { admin_users_view: false },
    },
    plus: {
      name: "Plus",
      level: 2,
      priceMonthlyCents: 1900,
      priceAnnualCents: 22_800,
      modules: { groups: [] },
      meters: {
        requests: { allowance: 2500, overage: BLOCK },
        tokens: { allowance: 2_500_000, overage: BLOCK },
      },
      features: { admin_users_view: false },
    },
    teams: {
      name: "Teams",
      level: 3,
      priceMonthlyCents: 4900,
      priceAnnualCents: 58_800,
      // "$49/mo + $12/user": every user is a paid seat on top of the base price.
      seatPriceMonthlyCents: 1200,
      includedSeats: 0,
      modules: { groups: [] },
      meters: {
        requests: { allowance: 5000, overage: BLOCK },
        tokens: { allowance: 5_000_000, overage: BLOCK },
      },
      features: { admin_users_view: true },
    },
  },
});
