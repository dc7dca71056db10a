import { defineCatalog } from "../define-catalog";

const MEGABYTES_PER_GIGABYTE = 1024;

/** Every IDE limit is hard: a call past it is refused, never billed. */
function limit<const A extends number | "unlimited">(allowance: A) {
  return { allowance, overage: { kind: "block" } } as const;
}

/** Storage is metered in whole megabytes so that 0.5 GB (512 MB) is an integer allowance. */
function gigabytes(amount: number) {
  return limit(amount * MEGABYTES_PER_GIGABYTE);
}

const BASE_FEATURES = {
  code_execution: false,
  hipaa_ready: false,
  custom_llms: false,
  sso: false,
  saml: false,
  custom_integrations: false,
  on_premise: false,
  executive_access: false,
} as const;
const PAID_FEATURES = { ...BASE_FEATURES, code_execution: true } as const;
const ENTERPRISE_FEATURES = { ...PAID_FEATURES, hipaa_ready: true, custom_llms: true } as const;

/**
 * A cloud IDE with daily call limits, concurrent sessions, storage, team size and feature flags
 * across nine tiers. Sessions are reserved when opened and released when closed, so their meter
 * never resets. The source quotes monthly prices only; annual is twelve months at that price.
 */
export const ide = defineCatalog({
  id: "ide",
  name: "IDE",
  currency: "usd",
  defaultPlan: "free",
  freePlan: "free",
  alertThresholdsPercent: [80, 100],
  meters: {
    calls: {
      name: "Calls",
      unit: "call",
      display: { unit: "call", perStoredUnits: 1 },
      reset: "day",
    },
    llm_requests: {
      name: "LLM requests",
      unit: "request",
      display: { unit: "request", perStoredUnits: 1 },
      reset: "day",
    },
    sessions: {
      name: "Concurrent sessions",
      unit: "session",
      display: { unit: "session", perStoredUnits: 1 },
      reset: "never",
    },
    storage_megabytes: {
      name: "Storage",
      unit: "megabyte",
      display: { unit: "gigabyte", perStoredUnits: MEGABYTES_PER_GIGABYTE },
      reset: "never",
    },
    team_members: {
      name: "Team members",
      unit: "member",
      display: { unit: "member", perStoredUnits: 1 },
      reset: "never",
    },
  },
  moduleGroups: {},
  modules: {},
  features: {
    code_execution: { name: "Code execution" },
    hipaa_ready: { name: "HIPAA-ready" },
    custom_llms: { name: "Custom LLMs" },
    sso: { name: "Single sign-on" },
    saml: { name: "SAML" },
    custom_integrations: { name: "Custom integrations" },
    on_premise: { name: "On-premise deployment" },
    executive_access: { name: "Executive access" },
  },
  plans: {
    free: {
      name: "Free",
      level: 0,
      priceMonthlyCents: 0,
      priceAnnualCents: 0,
      trialDays: 7,
      expiry: "read_only",
      modules: { groups: [] },
      meters: {
        calls: limit(20),
        llm_requests: limit(2),
        sessions: limit(1),
        storage_megabytes: gigabytes(0.5),
        team_members: limit(1),
      },
      features: BASE_FEATURES,
    },
    pro: {
      name: "Pro",
      level: 1,
      priceMonthlyCents: 2000,
      priceAnnualCents: 24_000,
      modules: { groups: [] },
      meters: {
        calls: limit(10_000),
        llm_requests: limit(1000),
        sessions: limit(5),
        storage_megabytes: gigabytes(100),
        team_members: limit(1),
      },
      features: PAID_FEATURES,
    },
    pro_plus: {
      name: "Pro Plus",
      level: 2,
      priceMonthlyCents: 4500,
      priceAnnualCents: 54_000,
      modules: { groups: [] },
      meters: {
        calls: limit(50_000),
        llm_requests: limit(5000),
        sessions: limit(8),
        storage_megabytes: gigabytes(250),
        team_members: limit(1),
      },
      features: PAID_FEATURES,
    },
    teams_small: {
      name: "Teams Small",
      level: 3,
      priceMonthlyCents: 10_000,
      priceAnnualCents: 120_000,
      modules: { groups: [] },
      meters: {
        calls: limit(100_000),
        llm_requests: limit(10_000),
        sessions: limit(10),
        storage_megabytes: gigabytes(1000),
        team_members: limit(5),
      },
      features: PAID_FEATURES,
    },
    teams_medium: {
      name: "Teams Medium",
      level: 4,
      priceMonthlyCents: 30_000,
      priceAnnualCents: 360_000,
      modules: { groups: [] },
      meters: {
        calls: limit(500_000),
        llm_requests: limit(50_000),
        sessions: limit(20),
        storage_megabytes: gigabytes(2000),
        team_members: limit(30),
      },
      features: PAID_FEATURES,
    },
    teams_large: {
      name: "Teams Large",
      level: 5,
      priceMonthlyCents: 80_000,
      priceAnnualCents: 960_000,
      modules: { groups: [] },
      meters: {
        calls: limit("unlimited"),
        llm_requests: limit(100_000),
        sessions: limit(50),
        storage_megabytes: gigabytes(5000),
        team_members: limit(100),
      },
      features: PAID_FEATURES,
    },
    enterprise_standard: {
      name: "Enterprise Standard",
      level: 6,
      priceMonthlyCents: 500_000,
      priceAnnualCents: 6_000_000,
      modules: { groups: [] },
      meters: {
        calls: limit("unlimited"),
        llm_requests: limit("unlimited"),
        sessions: limit(100),
        storage_megabytes: gigabytes(10_000),
        team_members: limit(500),
      },
      features: ENTERPRISE_FEATURES,
    },
    enterprise_premium: {
      name: "Enterprise Premium",
      level: 7,
      priceMonthlyCents: 1_500_000,
      priceAnnualCents: 18_000_000,
      modules: { groups: [] },
      meters: {
        calls: limit("unlimited"),
        llm_requests: limit("unlimited"),
        sessions: limit(100),
        storage_megabytes: gigabytes(50_000),
        team_members: limit(2000),
      },
      features: { ...ENTERPRISE_FEATURES, sso: true },
    },
    enterprise_ultimate: {
      name: "Enterprise Ultimate",
      level: 8,
      priceMonthlyCents: 5_000_000,
      priceAnnualCents: 60_000_000,
      modules: { groups: [] },
      meters: {
        calls: limit("unlimited"),
        llm_requests: limit("unlimited"),
        sessions: limit(999),
        storage_megabytes: gigabytes(999_999),
        team_members: limit(99_999),
      },
      features: {
        ...ENTERPRISE_FEATURES,
        sso: true,
        saml: true,
        custom_integrations: true,
        on_premise: true,
        executive_access: true,
      },
    },
  },
});
