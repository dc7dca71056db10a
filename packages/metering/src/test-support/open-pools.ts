import type { Database } from "@tally/db";
import { openDatabase } from "@tally/db/client";

/**
 * Several independent connection pools on one database, standing in for several server processes:
 * concurrency tests spread their calls over them so that no client-side queue orders the calls.
 */
export async function openPools(
  url: string,
  { count, max }: { count: number; max: number },
): Promise<{ dbs: Database[]; close(): Promise<void> }> {
  const handles = await Promise.all(
    Array.from({ length: count }, () => openDatabase({ url, max })),
  );
  return {
    dbs: handles.map((handle) => handle.db),
    close: async () => {
      await Promise.all(handles.map((handle) => handle.close()));
    },
  };
}
