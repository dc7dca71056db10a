import type { AnyCatalog } from "@tally/tier-config";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { CatalogDescription } from "./api-types";
import { toCatalog } from "./catalog";
import { useTRPC } from "./trpc";

export interface CatalogData {
  description: CatalogDescription;
  catalog: AnyCatalog;
}

// Module-level so React Query memoises the derived catalog between renders.
function select(description: CatalogDescription): CatalogData {
  return { description, catalog: toCatalog(description) };
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

/**
 * The catalog's meters by id, for text that names a meter (alert banners, the alerts list); empty
 * until the catalog has loaded. Memoised on the catalog, which never changes after it loads.
 */
export function useMetersById(catalog: CatalogData | undefined) {
  return useMemo(
    () => new Map(catalog?.description.meters.map((meter) => [meter.id, meter]) ?? []),
    [catalog],
  );
}
