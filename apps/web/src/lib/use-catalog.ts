import type { AnyCatalog } from "@tally/tier-config";
import { useQuery } from "@tanstack/react-query";
import type { CatalogDescription } from "./api-types";
import { toCatalog } from "./catalog";
import { useTRPC } from "./trpc";

export type CatalogMeter = CatalogDescription["meters"][number];

export interface CatalogData {
  description: CatalogDescription;
  catalog: AnyCatalog;
  /** The catalog's meters by id, for text that names a meter or shows its units. */
  metersById: ReadonlyMap<string, CatalogMeter>;
  /** Each plan's name by id, for text that names a plan the server gave by id. */
  planNames: ReadonlyMap<string, string>;
}

// Module-level so React Query memoises the derived catalog and its lookups between renders.
function select(description: CatalogDescription): CatalogData {
  return {
    description,
    catalog: toCatalog(description),
    metersById: new Map(description.meters.map((meter) => [meter.id, meter])),
    planNames: new Map(description.plans.map((plan) => [plan.id, plan.name])),
  };
}

/** The catalog the server serves; it changes only on a deploy, so it is never refetched. */
export function useCatalog() {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.plans.list.queryOptions(),
    select,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
