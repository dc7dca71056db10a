/** When a meter's usage starts again from zero. `never` is a lifetime allowance. */
export type MeterReset = "billing_period" | "calendar_month" | "day" | "never";

export interface Meter {
  name: string;
  /** The unit usage is stored in: "second", "call", "request", "token", "megabyte", ... */
  unit: string;
  /** How people see it, e.g. `{ unit: "minute", perStoredUnits: 60 }` for seconds. */
  display: { unit: string; perStoredUnits: number };
  reset: MeterReset;
}

/** What happens once usage passes the allowance. */
export type OveragePolicy =
  /** A hard limit at the allowance. */
  | { kind: "block" }
  /** Allowed up to floor(allowance × graceRatio), then blocked; never charged. */
  | { kind: "grace"; graceRatio: string }
  /** Never blocked; every started billing unit past the allowance is charged. */
  | {
      kind: "per_unit";
      /** Cents per billing unit as a decimal string: "10" is $0.10, "0.15" is 0.15 cent. */
      unitPriceCentsDecimal: string;
      /** Stored units per billable unit, rounded up: 60 seconds = per started minute. */
      billingUnitSize: number;
      /** The most one period's overage can cost. */
      capCents?: number;
    };

export interface Entitlement {
  /** A non-negative integer in the meter's stored unit. */
  allowance: number | "unlimited";
  overage: OveragePolicy;
  /** Overrides the meter's reset for this plan, e.g. a one-time free allowance ("never"). */
  reset?: MeterReset;
}

/** The literal id types of one catalog; `string` for each when the catalog is not known. */
export interface CatalogIds {
  plan: string;
  meter: string;
  module: string;
  moduleGroup: string;
  feature: string;
}

export interface Plan<Ids extends CatalogIds = CatalogIds> {
  name: string;
  /** Upgrade ordering: a higher level is a better plan. Unique within a catalog. */
  level: number;
  priceMonthlyCents: number;
  priceAnnualCents: number;
  seatPriceMonthlyCents?: number;
  /** Seats the base price covers before the seat price applies. */
  includedSeats?: number;
  /** Set together with `expiry`: the plan is a trial of this many days. */
  trialDays?: number;
  modules: { groups: readonly Ids["moduleGroup"][]; ids?: readonly Ids["module"][] };
  /** Every meter of the catalog, explicitly, so no meter is unlimited by omission. */
  meters: Record<Ids["meter"], Entitlement>;
  /** Every feature of the catalog, explicitly. */
  features: Record<Ids["feature"], boolean>;
  /** Overrides the catalog's default alert thresholds. */
  alertThresholdsPercent?: readonly number[];
  /** What an expired trial means: no access at all, or read-only access until an upgrade. */
  expiry?: "blocked" | "read_only";
  /** False for plans only operators assign (sponsored, affiliate); upgrade prompts skip them. */
  selfServe?: boolean;
}

export interface Catalog<Ids extends CatalogIds = CatalogIds> {
  id: string;
  name: string;
  currency: "usd";
  /** The plan new accounts start on. */
  defaultPlan: Ids["plan"];
  /** The plan a cancelled subscription reverts to at the end of its period. */
  freePlan: Ids["plan"];
  /** Integer percents of the allowance, strictly increasing; plans may override them. */
  alertThresholdsPercent: readonly number[];
  meters: Record<Ids["meter"], Meter>;
  moduleGroups: Record<Ids["moduleGroup"], { name: string }>;
  modules: Record<Ids["module"], { name: string; group: Ids["moduleGroup"] }>;
  features: Record<Ids["feature"], { name: string }>;
  plans: Record<Ids["plan"], Plan<Ids>>;
}

/** Any catalog, for code that is written once for all of them. */
export type AnyCatalog = Catalog;

export type PlanId<C extends AnyCatalog> = keyof C["plans"] & string;
export type MeterId<C extends AnyCatalog> = keyof C["meters"] & string;
export type ModuleId<C extends AnyCatalog> = keyof C["modules"] & string;
export type ModuleGroupId<C extends AnyCatalog> = keyof C["moduleGroups"] & string;
export type FeatureId<C extends AnyCatalog> = keyof C["features"] & string;
