import { defineCatalog } from "../define-catalog";

const SECONDS_PER_MINUTE = 60;

/**
 * The reference product: AI voice minutes (metered in seconds, billed per started minute),
 * human coach calls, and 31 content modules in four groups. Annual prices are ten times the
 * monthly price: two months free.
 */
export const coaching = defineCatalog({
  id: "coaching",
  name: "Coaching",
  currency: "usd",
  defaultPlan: "free",
  freePlan: "free",
  alertThresholdsPercent: [80, 100],
  meters: {
    ai_voice_seconds: {
      name: "AI voice minutes",
      unit: "second",
      display: { unit: "minute", perStoredUnits: SECONDS_PER_MINUTE },
      reset: "billing_period",
    },
    coach_calls: {
      name: "Human coach calls",
      unit: "call",
      display: { unit: "call", perStoredUnits: 1 },
      reset: "billing_period",
    },
  },
  moduleGroups: {
    core: { name: "Core" },
    lifestyle: { name: "Lifestyle" },
    growth: { name: "Growth" },
    mastery: { name: "Mastery" },
  },
  modules: {
    "getting-started": { name: "Getting started", group: "core" },
    "goal-setting": { name: "Goal setting", group: "core" },

    "sleep-coaching": { name: "Sleep coaching", group: "lifestyle" },
    nutrition: { name: "Nutrition", group: "lifestyle" },
    "stress-management": { name: "Stress management", group: "lifestyle" },
    "habit-building": { name: "Habit building", group: "lifestyle" },
    "movement-basics": { name: "Movement basics", group: "lifestyle" },
    hydration: { name: "Hydration", group: "lifestyle" },
    "mindful-eating": { name: "Mindful eating", group: "lifestyle" },
    "morning-routines": { name: "Morning routines", group: "lifestyle" },
    "digital-balance": { name: "Digital balance", group: "lifestyle" },
    "energy-management": { name: "Energy management", group: "lifestyle" },

    "career-clarity": { name: "Career clarity", group: "growth" },
    "productivity-systems": { name: "Productivity systems", group: "growth" },
    "confident-communication": { name: "Confident communication", group: "growth" },
    "financial-wellness": { name: "Financial wellness", group: "growth" },
    "relationship-skills": { name: "Relationship skills", group: "growth" },
    resilience: { name: "Resilience", group: "growth" },

    "leadership-presence": { name: "Leadership presence", group: "mastery" },
    "emotional-intelligence": { name: "Emotional intelligence", group: "mastery" },
    "strategic-thinking": { name: "Strategic thinking", group: "mastery" },
    negotiation: { name: "Negotiation", group: "mastery" },
    "public-speaking": { name: "Public speaking", group: "mastery" },
    "decision-making": { name: "Decision making", group: "mastery" },
    "peak-performance": { name: "Peak performance", group: "mastery" },
    "mindset-mastery": { name: "Mindset mastery", group: "mastery" },
    "conflict-resolution": { name: "Conflict resolution", group: "mastery" },
    "purpose-and-values": { name: "Purpose and values", group: "mastery" },
    "life-design": { name: "Life design", group: "mastery" },
    "executive-wellbeing": { name: "Executive wellbeing", group: "mastery" },
    "legacy-planning": { name: "Legacy planning", group: "mastery" },
  },
  // The source lists no on/off features for coaching; plans differ by modules and meters.
  features: {},
  plans: {
    free: {
      name: "Free",
      level: 0,
      priceMonthlyCents: 0,
      priceAnnualCents: 0,
      modules: { groups: ["core"] },
      meters: {
        // 15 minutes once per account, not per period.
        ai_voice_seconds: { allowance: 900, overage: { kind: "block" }, reset: "never" },
        coach_calls: { allowance: 0, overage: { kind: "block" } },
      },
      features: {},
    },
    lifestyle: {
      name: "Lifestyle",
      level: 1,
      priceMonthlyCents: 2900,
      priceAnnualCents: 29_000,
      modules: { groups: ["core", "lifestyle"] },
      meters: {
        ai_voice_seconds: {
          allowance: 7200,
          overage: {
            kind: "per_unit",
            unitPriceCentsDecimal: "10",
            billingUnitSize: SECONDS_PER_MINUTE,
            capCents: 2000,
          },
        },
        coach_calls: { allowance: 0, overage: { kind: "block" } },
      },
      features: {},
    },
    growth: {
      name: "Growth",
      level: 2,
      priceMonthlyCents: 7900,
      priceAnnualCents: 79_000,
      modules: { groups: ["core", "lifestyle", "growth"] },
      meters: {
        ai_voice_seconds: {
          allowance: 18_000,
          overage: {
            kind: "per_unit",
            unitPriceCentsDecimal: "8",
            billingUnitSize: SECONDS_PER_MINUTE,
          },
        },
        coach_calls: {
          allowance: 1,
          overage: { kind: "per_unit", unitPriceCentsDecimal: "2500", billingUnitSize: 1 },
        },
      },
      features: {},
    },
    mastery: {
      name: "Mastery",
      level: 3,
      priceMonthlyCents: 19_900,
      priceAnnualCents: 199_000,
      modules: { groups: ["core", "lifestyle", "growth", "mastery"] },
      meters: {
        ai_voice_seconds: { allowance: "unlimited", overage: { kind: "block" } },
        coach_calls: {
          allowance: 4,
          overage: { kind: "per_unit", unitPriceCentsDecimal: "2000", billingUnitSize: 1 },
        },
      },
      features: {},
    },
  },
});
