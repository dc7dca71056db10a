import {
  accounts,
  type Database,
  subscriptionEvents,
  subscriptions,
  usageCounters,
  usageEvents,
} from "@tally/db";
import {
  type AnyCatalog,
  billingPeriodFor,
  coaching,
  effectiveReset,
  periodFor,
} from "@tally/tier-config";

type CoachingPlanId = keyof typeof coaching.plans;
type CoachingMeterId = keyof typeof coaching.meters;

interface DemoAccount {
  slug: string;
  name: string;
  planId: CoachingPlanId;
  /** Total usage this period per meter, spread over the days elapsed so far. */
  usage: Partial<Record<CoachingMeterId, { total: number; events: number }>>;
}

/**
 * One account per coaching plan, each telling a story the dashboard should show: a Free user
 * with most of the one-time minutes used, a Lifestyle user at 85% of the minutes (amber), a Growth
 * user past both allowances (overage lines), and a Mastery user with unlimited minutes.
 */
const demoAccounts: DemoAccount[] = [
  {
    slug: "demo-free",
    name: "Ada (Free)",
    planId: "free",
    usage: { ai_voice_seconds: { total: 600, events: 3 } },
  },
  {
    slug: "demo-lifestyle",
    name: "Ben (Lifestyle, near the limit)",
    planId: "lifestyle",
    usage: { ai_voice_seconds: { total: 6120, events: 18 } },
  },
  {
    slug: "demo-growth",
    name: "Chloe (Growth, in overage)",
    planId: "growth",
    usage: {
      ai_voice_seconds: { total: 21_000, events: 42 },
      coach_calls: { total: 2, events: 2 },
    },
  },
  {
    slug: "demo-mastery",
    name: "Dev (Mastery)",
    planId: "mastery",
    usage: {
      ai_voice_seconds: { total: 30_000, events: 40 },
      coach_calls: { total: 2, events: 2 },
    },
  },
];

/** Demo billing periods started this many days ago, so charts and projections have a history. */
const DEMO_PERIOD_AGE_DAYS = 12;
const DAY_MS = 86_400_000;

export interface SeedResult {
  created: string[];
  existing: string[];
}

/**
 * Writes the demo accounts that do not exist yet. Each account is one transaction, so a crash
 * mid-seed leaves whole accounts only and the next start completes the rest; running it again
 * changes nothing.
 */
export async function seedDemo(db: Database, catalog: AnyCatalog, now: Date): Promise<SeedResult> {
  const result: SeedResult = { created: [], existing: [] };
  if (catalog.id !== coaching.id) {
    // The demo tells the coaching story; other catalogs start empty.
    return result;
  }
  const anchor = new Date(
    Math.floor(now.getTime() / DAY_MS) * DAY_MS - DEMO_PERIOD_AGE_DAYS * DAY_MS,
  );
  for (const demo of demoAccounts) {
    const created = await seedAccount(db, demo, anchor, now);
    (created ? result.created : result.existing).push(demo.slug);
  }
  return result;
}

async function seedAccount(db: Database, demo: DemoAccount, anchor: Date, now: Date) {
  return db.transaction(async (tx) => {
    const [account] = await tx
      .insert(accounts)
      .values({ name: demo.name, slug: demo.slug })
      .onConflictDoNothing({ target: accounts.slug })
      .returning({ id: accounts.id });
    if (!account) return false;

    const period = billingPeriodFor({ anchor, at: now, interval: "month" });
    const [subscription] = await tx
      .insert(subscriptions)
      .values({
        accountId: account.id,
        planId: demo.planId,
        status: "active",
        billingInterval: "month",
        seats: 1,
        billingAnchor: anchor,
        currentPeriodStart: period.start,
        currentPeriodEnd: period.end,
      })
      .returning({ id: subscriptions.id });
    if (!subscription) throw new Error(`demo subscription for ${demo.slug} was not written`);
    await tx.insert(subscriptionEvents).values({
      accountId: account.id,
      subscriptionId: subscription.id,
      action: "created",
      toPlanId: demo.planId,
      toStatus: "active",
      isAdminAction: false,
      reason: "demo data",
      createdAt: anchor,
    });

    for (const [meterId, usage] of Object.entries(demo.usage) as [
      CoachingMeterId,
      { total: number; events: number },
    ][]) {
      const reset = effectiveReset(coaching, demo.planId, meterId);
      const counted = periodFor({ reset, at: now, anchor, interval: "month" });
      const rows = spreadUsage(usage.total, usage.events, counted.start, anchor, now).map(
        (event, index) => ({
          accountId: account.id,
          meterId,
          kind: "usage" as const,
          quantity: event.quantity,
          periodStart: counted.start,
          idempotencyKey: `demo:${demo.slug}:${meterId}:${index}`,
          procedure: meterId === "coach_calls" ? "coach.bookCall" : "voice.endSession",
          occurredAt: event.at,
          recordedAt: event.at,
        }),
      );
      await tx.insert(usageEvents).values(rows);
      // spreadUsage splits the total exactly, so the counter equals the sum of these events.
      await tx.insert(usageCounters).values({
        accountId: account.id,
        meterId,
        periodStart: counted.start,
        periodEnd: counted.end,
        used: usage.total,
      });
    }
    return true;
  });
}

/**
 * Splits `total` into `count` integer quantities at even times between the later of the period
 * start and the anchor, and now. The remainder goes to the first events, so the sum is exact.
 */
function spreadUsage(total: number, count: number, periodStart: Date, anchor: Date, now: Date) {
  const from = Math.max(periodStart.getTime(), anchor.getTime());
  const step = (now.getTime() - from) / count;
  const base = Math.floor(total / count);
  const remainder = total % count;
  return Array.from({ length: count }, (_, index) => ({
    quantity: base + (index < remainder ? 1 : 0),
    at: new Date(Math.floor(from + step * index)),
  }));
}
