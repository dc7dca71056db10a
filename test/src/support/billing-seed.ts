import { accounts, type Database, subscriptions } from "@tally/db";
import { recordUsage } from "@tally/metering";
import { addMonthsClamped, billingPeriodFor, coaching } from "@tally/tier-config";

export interface SeededAccounts {
  accountIds: string[];
  /** The one billing period each account has ended, and whose usage it was charged. */
  period: { start: Date; end: Date };
}

/**
 * `count` Growth accounts (coaching catalog), each with exactly one ended billing period (it ended
 * ten minutes ago, past the close's settle time) and AI voice usage beyond the allowance in it.
 * Accounts and subscriptions go in with multi-row inserts; the usage goes through the metering
 * engine, as live traffic would.
 */
export async function seedAccountsWithClosedUsage(
  db: Database,
  { count, tag, now }: { count: number; tag: string; now: Date },
): Promise<SeededAccounts> {
  const anchor = new Date(addMonthsClamped(now, -1).getTime() - 10 * 60_000);
  const ended = billingPeriodFor({ anchor, at: anchor, interval: "month" });
  const current = billingPeriodFor({ anchor, at: now, interval: "month" });
  if (ended.end > now || current.start.getTime() !== ended.end.getTime()) {
    throw new Error("the seed expects exactly one ended billing period");
  }
  const rows = await db
    .insert(accounts)
    .values(
      Array.from({ length: count }, (_, index) => ({
        name: `Chaos ${tag} ${index}`,
        slug: `chaos-${tag}-${index}`,
      })),
    )
    .returning({ id: accounts.id });
  const accountIds = rows.map((row) => row.id);
  await db.insert(subscriptions).values(
    accountIds.map((accountId) => ({
      accountId,
      planId: "growth",
      status: "active" as const,
      billingInterval: "month" as const,
      billingAnchor: anchor,
      currentPeriodStart: current.start,
      currentPeriodEnd: current.end,
    })),
  );
  const usedAt = new Date(anchor.getTime() + 60 * 60_000);
  let next = 0;
  const record = async () => {
    for (let index = next++; index < accountIds.length; index = next++) {
      const accountId = accountIds[index];
      if (!accountId) continue;
      await recordUsage(
        { db, catalog: coaching },
        {
          accountId,
          meterId: "ai_voice_seconds",
          // Growth includes 18,000 seconds; 1 to 30 minutes beyond it at 8 cents a minute.
          quantity: 18_000 + 60 * (1 + (index % 30)),
          idempotencyKey: `chaos-${tag}-${index}`,
          now: usedAt,
          mode: "measured",
        },
      );
    }
  };
  await Promise.all(Array.from({ length: 16 }, record));
  return { accountIds, period: ended };
}
