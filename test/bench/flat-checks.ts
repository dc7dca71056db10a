import { checkEntitlement, entitlementOf, loadAccountState } from "@tally/metering";
import { coaching } from "@tally/tier-config";
import { type BenchContext, userOf } from "./support/bench-context";
import { percentile, runClosedLoop } from "./support/closed-loop";

export interface FlatCheckRow {
  events: number;
  check: { samples: number; p50Ms: number; p99Ms: number };
  naive: { samples: number; p50Ms: number; p99Ms: number };
}

const METER = "ai_voice_seconds";

/**
 * Benchmark 2: the entitlement check (the account state and one counter row, by key) with 1e3 and
 * 1e6 usage events in the account's period, beside the naive sum over the call log for the
 * period. The events go in with one `generate_series` insert and the counter is set to their sum,
 * as the engine would have left it.
 */
export async function benchFlatChecks(
  context: BenchContext,
  sizes: readonly number[],
): Promise<FlatCheckRow[]> {
  const { sql, config, database } = context;
  const deps = { db: database.handle.db, catalog: coaching };
  const accounts: { accountId: string; period: { start: Date; end: Date } }[] = [];
  for (const [index, events] of sizes.entries()) {
    // Accounts the other benchmarks do not write to, one per size.
    const { accountId } = userOf(context, context.users.length - 1 - index);
    const state = await loadAccountState(deps.db, coaching, accountId, new Date());
    const { period } = entitlementOf(coaching, state, METER);
    await sql`
      insert into usage_events
        (account_id, meter_id, kind, quantity, period_start, idempotency_key, procedure,
         occurred_at, recorded_at)
      select ${accountId}, ${METER}, 'usage', 1, ${period.start}, 'bench-flat-' || g, 'bench',
             ${period.start}::timestamptz + (g || ' ms')::interval, now()
      from generate_series(1, ${events}::int) as g`;
    await sql`
      insert into usage_counters (account_id, meter_id, period_start, period_end, used)
      values (${accountId}, ${METER}, ${period.start}, ${period.end}, ${events})
      on conflict (account_id, meter_id, period_start) do update set used = excluded.used`;
    accounts.push({ accountId, period });
  }
  await sql`analyze usage_events`;

  // The sizes take turns within one run, so a burst of load from elsewhere on the machine lands
  // on all of them alike instead of on whichever size happened to run at that moment.
  const check = await interleaved(config, accounts.length, (index) => {
    const { accountId } = accounts[index] ?? {};
    if (accountId === undefined) throw new Error("no account for this size");
    return checkEntitlement(deps, { accountId, meterId: METER, now: new Date() });
  });
  const naive = await interleaved(config, accounts.length, async (index) => {
    const { accountId, period } = accounts[index] ?? {};
    if (accountId === undefined || period === undefined)
      throw new Error("no account for this size");
    await sql`
      select coalesce(sum(case when kind = 'usage' then quantity else -quantity end), 0) as used
      from usage_events
      where account_id = ${accountId} and meter_id = ${METER}
        and occurred_at >= ${period.start} and occurred_at < ${period.end}`;
  });
  return sizes.map((events, index) => ({
    events,
    check: check[index] ?? { samples: 0, p50Ms: Number.NaN, p99Ms: Number.NaN },
    naive: naive[index] ?? { samples: 0, p50Ms: Number.NaN, p99Ms: Number.NaN },
  }));
}

/** Latency percentiles per size, from one closed-loop run in which the sizes take turns. */
async function interleaved(
  config: BenchContext["config"],
  sizes: number,
  operation: (index: number) => Promise<unknown>,
): Promise<{ samples: number; p50Ms: number; p99Ms: number }[]> {
  const latencies: number[][] = Array.from({ length: sizes }, () => []);
  const result = await runClosedLoop(
    config.seconds,
    config.concurrency,
    async (worker, iteration) => {
      const index = (worker + iteration) % sizes;
      const before = performance.now();
      await operation(index);
      latencies[index]?.push(performance.now() - before);
      return 1;
    },
  );
  if (result.failures > 0) throw new Error(`a flat check failed: ${result.firstError}`);
  return latencies.map((values) => {
    values.sort((a, b) => a - b);
    return {
      samples: values.length,
      p50Ms: percentile(values, 0.5),
      p99Ms: percentile(values, 0.99),
    };
  });
}
