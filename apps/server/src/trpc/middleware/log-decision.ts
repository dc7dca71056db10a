import type { AccountContext } from "../account-context";
import type { UsageResult } from "./usage-notice";

/** Every limit decision is one structured line, so operators can grep and chart them. */
export function logDecision(
  ctx: AccountContext,
  entry: { procedure: string; quantity: number; result: UsageResult },
): void {
  // A batch logs a line per event; with info lines off, building them would be wasted work.
  if (!ctx.logger.isLevelEnabled("info")) return;
  const { result } = entry;
  ctx.logger.info(
    {
      account: ctx.account.id,
      plan: ctx.plan.planId,
      meter: result.meterId,
      decision: result.outcome,
      reason: result.reason,
      used: result.used,
      limit: result.hardLimit ?? result.allowance,
      ratio: result.ratioBasisPoints === null ? null : result.ratioBasisPoints / 10_000,
      quantity: entry.quantity,
      replay: result.replay,
      procedure: entry.procedure,
    },
    "limit decision",
  );
}
