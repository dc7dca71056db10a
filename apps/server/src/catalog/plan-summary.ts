import { type AnyCatalog, planIds, planOf } from "@tally/tier-config";

/** A catalog's plan ids from the cheapest tier up, the order every plan list is shown in. */
export function plansInUpgradeOrder(catalog: AnyCatalog): string[] {
  return planIds(catalog).sort((a, b) => planOf(catalog, a).level - planOf(catalog, b).level);
}

/** What every view of a plan starts with: its name, tier and prices. */
export function planSummary(catalog: AnyCatalog, planId: string) {
  const plan = planOf(catalog, planId);
  return {
    id: planId,
    name: plan.name,
    level: plan.level,
    priceMonthlyCents: plan.priceMonthlyCents,
    priceAnnualCents: plan.priceAnnualCents,
    seatPriceMonthlyCents: plan.seatPriceMonthlyCents ?? null,
    includedSeats: plan.includedSeats ?? null,
    trialDays: plan.trialDays ?? null,
    selfServe: plan.selfServe ?? true,
  };
}
