import { useQuery } from "@tanstack/react-query";
import type { UsageLogItem } from "./api-types";
import { useTRPC, useTRPCClient } from "./trpc";

/** Enough for a month of a busy meter; past it the chart says it shows the latest calls only. */
const MAX_PAGES = 20;
const PAGE_SIZE = 100;

export interface PeriodLog {
  items: UsageLogItem[];
  /** True when the period had more calls than were read. */
  truncated: boolean;
}

/**
 * A meter's whole call log for one period, read page by page from `usage.log`, for the daily
 * chart. Cached under the usage router's key so a new usage invalidates it with the rest.
 */
export function usePeriodLog(meter: string, from: string) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  return useQuery({
    queryKey: [...trpc.usage.pathKey(), "period-log", { meter, from }],
    queryFn: async (): Promise<PeriodLog> => {
      const items: UsageLogItem[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const result = await client.usage.log.query({ meter, from, cursor, limit: PAGE_SIZE });
        items.push(...result.items);
        if (result.nextCursor === null) return { items, truncated: false };
        cursor = result.nextCursor;
      }
      return { items, truncated: true };
    },
  });
}
