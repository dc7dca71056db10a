import type { AnyCatalog, Entitlement, Plan } from "@tally/tier-config";
import type { CatalogDescription, CatalogPlan } from "./api-types";

/**
 * The server's catalog (`plans.list`) in the shape tier-config's functions take, so the dashboard
 * runs the very same upgrade and pricing maths as the server instead of a copy of it.
 */
export function toCatalog(description: CatalogDescription): AnyCatalog {
  const plans: Record<string, Plan> = {};
  for (const plan of description.plans) {
    plans[plan.id] = toPlan(plan);
  }
  return {
    id: description.catalog.id,
    name: description.catalog.name,
    currency: description.catalog.currency,
    defaultPlan: description.defaultPlan,
    freePlan: description.freePlan,
    alertThresholdsPercent: description.plans[0]?.alertThresholdsPercent ?? [],
    meters: Object.fromEntries(
      description.meters.map(({ id, name, unit, display, reset }) => [
        id,
        { name, unit, display, reset },
      ]),
    ),
    moduleGroups: Object.fromEntries(
      description.moduleGroups.map(({ id, name }) => [id, { name }]),
    ),
    modules: Object.fromEntries(
      description.modules.map(({ id, name, group }) => [id, { name, group }]),
    ),
    features: Object.fromEntries(description.features.map(({ id, name }) => [id, { name }])),
    plans,
  };
}

function toPlan(plan: CatalogPlan): Plan {
  const meters: Record<string, Entitlement> = {};
  for (const { meterId, allowance, overage, reset } of plan.meters) {
    meters[meterId] = { allowance, overage, reset };
  }
  return {
    name: plan.name,
    level: plan.level,
    priceMonthlyCents: plan.priceMonthlyCents,
    priceAnnualCents: plan.priceAnnualCents,
    seatPriceMonthlyCents: plan.seatPriceMonthlyCents ?? undefined,
    includedSeats: plan.includedSeats ?? undefined,
    trialDays: plan.trialDays ?? undefined,
    // The description lists each plan's modules resolved to ids, which is what lookups need.
    modules: { groups: [], ids: plan.modules },
    meters,
    features: plan.features,
    alertThresholdsPercent: plan.alertThresholdsPercent,
    selfServe: plan.selfServe,
  };
}
