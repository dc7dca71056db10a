import type { AppRouter } from "@tally/server";
import type { inferRouterClient } from "@trpc/client";

type Client = inferRouterClient<AppRouter>;
type Output<
  P extends { query: (...args: never[]) => unknown } | { mutate: (...args: never[]) => unknown },
> = P extends { query: (...args: never[]) => infer R }
  ? Awaited<R>
  : P extends { mutate: (...args: never[]) => infer R }
    ? Awaited<R>
    : never;

/** What the server answers, as the dashboard receives it (dates are ISO strings). */
export type CatalogDescription = Output<Client["plans"]["list"]>;
export type CatalogPlan = CatalogDescription["plans"][number];
export type CompareMatrix = Output<Client["plans"]["compare"]>;
export type CurrentSubscription = Output<Client["subscription"]["current"]>;
export type MeterSummary = Output<Client["usage"]["summary"]>[number];
export type DailyUsageDay = Output<Client["usage"]["daily"]>["days"][number];
export type AlertItem = Output<Client["alerts"]["list"]>[number];
export type ModuleItem = Output<Client["modules"]["list"]>[number];
export type AccountMembership = Output<Client["accounts"]["list"]>[number];
export type SubscriptionEvent = Output<Client["subscription"]["history"]>["items"][number];
export type InvoiceItem = Output<Client["billing"]["invoices"]>["items"][number];
