export { alertLevel } from "./alert-level";
export { CatalogError } from "./catalog-error";
export { assistant } from "./catalogs/assistant";
export { coaching } from "./catalogs/coaching";
export { ide } from "./catalogs/ide";
export { type CatalogName, catalogs, defaultCatalog } from "./catalogs/index";
export { membership } from "./catalogs/membership";
export { reports } from "./catalogs/reports";
export { cheapestPlanWith, type PlanNeed } from "./cheapest-plan-with";
export { comparePlans, type PlanChange } from "./compare-plans";
export { type CrossedAlertsInput, crossedAlerts, type UsageAlert } from "./crossed-alerts";
export {
  type DecideInput,
  type Decision,
  type DecisionOutcome,
  type DecisionReason,
  decide,
} from "./decide";
export { parseBasisPoints, parseMicroCents } from "./decimal";
export { defineCatalog } from "./define-catalog";
export { effectiveReset, effectiveThresholdsPercent } from "./effective-settings";
export { hardLimitFor } from "./hard-limit";
export {
  isFeatureId,
  isMeterId,
  isModuleId,
  isPlanId,
  meterIds,
  moduleIds,
  planIds,
} from "./ids";
export { entitlementFor, meterOf, planOf } from "./lookup";
export { modulesForPlan, planIncludesModule } from "./modules";
export { type ParsedCatalog, parseCatalog } from "./parse-catalog";
export {
  addMonthsClamped,
  type BillingInterval,
  type BillingPeriodInput,
  billingPeriodFor,
  LIFETIME_PERIOD,
  type Period,
  type PeriodInput,
  periodFor,
} from "./period";
export { type OveragePrice, type PriceOverageInput, priceOverage } from "./price-overage";
export { type SubscriptionPriceInput, subscriptionPriceCents } from "./subscription-price";
export type {
  AnyCatalog,
  Catalog,
  CatalogIds,
  Entitlement,
  FeatureId,
  Meter,
  MeterId,
  MeterReset,
  ModuleGroupId,
  ModuleId,
  OveragePolicy,
  Plan,
  PlanId,
} from "./types";
