/** What one timed closed-loop run measured. */
export interface LoopResult {
  /** Completed operations (each may carry several units, e.g. events in a batch). */
  operations: number;
  /** Units completed: `operations` unless the operation reports its own count. */
  units: number;
  failures: number;
  seconds: number;
  /** Units per second over the whole run. */
  rate: number;
  p50Ms: number;
  p99Ms: number;
  /** The first failure, so a broken benchmark says why instead of printing a low number. */
  firstError: string | null;
}

/**
 * Runs `operation` in `concurrency` closed loops (each starts its next call when the last one
 * answered) for `seconds`, and reports throughput and latency percentiles. `operation` returns how
 * many units it completed (1 by default), so a batch counts its events.
 */
export async function runClosedLoop(
  seconds: number,
  concurrency: number,
  operation: (worker: number, iteration: number) => Promise<number | undefined>,
): Promise<LoopResult> {
  const latencies: number[] = [];
  let units = 0;
  let failures = 0;
  let firstError: string | null = null;
  const started = performance.now();
  const deadline = started + seconds * 1000;

  async function worker(index: number): Promise<void> {
    for (let iteration = 0; performance.now() < deadline; iteration++) {
      const before = performance.now();
      try {
        const done = await operation(index, iteration);
        latencies.push(performance.now() - before);
        units += done ?? 1;
      } catch (error) {
        failures++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  }

  await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    operations: latencies.length,
    units,
    failures,
    seconds: elapsed,
    rate: units / elapsed,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    firstError,
  };
}

/** The nearest-rank percentile of sorted values; NaN when there are none. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
