import type { MeteringDeps } from "./deps";
import { type RecordUsageInput, recordUsage } from "./record-usage";
import type { UsageResult } from "./usage-result";

/**
 * Counts a call's quantity before its handler runs, under the hard limit, so concurrent calls can
 * never run past it. The reservation is the usage: nothing needs committing when the handler
 * succeeds, and `release` takes it back when the handler fails.
 */
export function reserve(
  deps: MeteringDeps,
  input: Omit<RecordUsageInput, "mode">,
): Promise<UsageResult> {
  return recordUsage(deps, { ...input, mode: "enforce" });
}
