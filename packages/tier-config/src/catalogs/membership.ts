import { defineCatalog } from "../define-catalog";

/**
 * A membership ladder with no usage meters: what matters is the subscription lifecycle
 * (upgrade at once, downgrade and cancel at the end of the billing period).
 *
 * Pro's prices come from the source ($9.99, or $99.90 a year: two months free). It leaves the
 * other paid tiers to the catalog; these follow the same two-months-free rule and rise with the
 * level, family last because it sits at the top of the ladder.
 */
export const membership = defineCatalog({
  id: "membership",
  name: "Membership",
  currency: "usd",
  defaultPlan: "member",
  freePlan: "member",
  alertThresholdsPercent: [80, 100],
  meters: {},
  moduleGroups: {},
  modules: {},
  features: {},
  plans: {
    member: {
      name: "Member",
      level: 1,
      priceMonthlyCents: 0,
      priceAnnualCents: 0,
      modules: { groups: [] },
      meters: {},
      features: {},
    },
    pro: {
      name: "Pro",
      level: 2,
      priceMonthlyCents: 999,
      priceAnnualCents: 9990,
      modules: { groups: [] },
      meters: {},
      features: {},
    },
    business: {
      name: "Business",
      level: 3,
      priceMonthlyCents: 2499,
      priceAnnualCents: 24_990,
      modules: { groups: [] },
      meters: {},
      features: {},
    },
    elite: {
      name: "Elite",
      level: 4,
      priceMonthlyCents: 4999,
      priceAnnualCents: 49_990,
      modules: { groups: [] },
      meters: {},
      features: {},
    },
    family: {
      name: "Family",
      level: 5,
      priceMonthlyCents: 7999,
      priceAnnualCents: 79_990,
      modules: { groups: [] },
      meters: {},
      features: {},
    },
  },
});
