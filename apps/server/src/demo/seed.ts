import {
  accountMembers,
  accounts,
  authIdentities,
  type Database,
  subscriptionEvents,
  subscriptions,
  usageCounters,
  usageEvents,
  users,
} from "@tally/db";
import {
  type AnyCatalog,
  billingPeriodFor,
  coaching,
  effectiveReset,
  periodFor,
} from "@tally/tier-config";
import { hashPassword } from "better-auth/crypto";
import { eq } from "drizzle-orm";

type CoachingPlanId = keyof typeof coaching.plans;
type CoachingMeterId = keyof typeof coaching.meters;

interface DemoAccount {
  slug: string;
  /** The person who owns the account and can sign in to it. */
  owner: { email: string; name: string };
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
    owner: { email: "ada@demo.tally.dev", name: "Ada" },
    name: "Ada (Free)",
    planId: "free",
    usage: { ai_voice_seconds: { total: 600, events: 3 } },
  },
  {
    slug: "demo-lifestyle",
    owner: { email: "ben@demo.tally.dev", name: "Ben" },
    name: "Ben (Lifestyle, near the limit)",
    planId: "lifestyle",
    usage: { ai_voice_seconds: { total: 6120, events: 18 } },
  },
  {
    slug: "demo-growth",
    owner: { email: "chloe@demo.tally.dev", name: "Chloe" },
    name: "Chloe (Growth, in overage)",
    planId: "growth",
    usage: {
      ai_voice_seconds: { total: 21_000, events: 42 },
      coach_calls: { total: 2, events: 2 },
    },
  },
  {
    slug: "demo-mastery",
    owner: { email: "dev@demo.tally.dev", name: "Dev" },
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

/**
 * Every demo person signs in with this password. The demo runs on a developer's machine with
 * made-up data; a deployment turns the demo off (TALLY_SEED_DEMO=false).
 */
export const DEMO_PASSWORD = "tally-demo-2026";

/** The platform operator of the demo, who can open the admin procedures. */
const DEMO_ADMIN = { email: "admin@demo.tally.dev", name: "Operator" };

export interface DemoSignIn {
  email: string;
  password: string;
  description: string;
}

export interface SeedResult {
  created: string[];
  existing: string[];
  signIns: DemoSignIn[];
}

/**
 * Writes the demo accounts that do not exist yet. Each account is one transaction, so a crash
 * mid-seed leaves whole accounts only and the next start completes the rest; running it again
 * changes nothing.
 */
export async function seedDemo(db: Database, catalog: AnyCatalog, now: Date): Promise<SeedResult> {
  const result: SeedResult = { created: [], existing: [], signIns: [] };
  if (catalog.id !== coaching.id) {
    // The demo tells the coaching story; other catalogs start empty.
    return result;
  }
  // One hash for every demo person: hashing is deliberately slow.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await ensureUser(db, { ...DEMO_ADMIN, role: "admin", passwordHash });
  result.signIns.push({
    email: DEMO_ADMIN.email,
    password: DEMO_PASSWORD,
    description: "platform admin",
  });
  const anchor = new Date(
    Math.floor(now.getTime() / DAY_MS) * DAY_MS - DEMO_PERIOD_AGE_DAYS * DAY_MS,
  );
  for (const demo of demoAccounts) {
    const created = await seedAccount(db, demo, anchor, now);
    (created ? result.created : result.existing).push(demo.slug);
    await ensureOwner(db, demo, passwordHash);
    result.signIns.push({
      email: demo.owner.email,
      password: DEMO_PASSWORD,
      description: demo.name,
    });
  }
  return result;
}

/**
 * A user who signs in with email and password, written the way better-auth's email sign-up
 * writes one (a `credential` identity holding the password hash). Does nothing if the email is
 * taken; returns the user's id either way.
 */
async function ensureUser(
  db: Database,
  person: { email: string; name: string; role: "user" | "admin"; passwordHash: string },
): Promise<string> {
  return db.transaction(async (tx) => {
    const id = `demo-${person.email.split("@")[0]}`;
    const [inserted] = await tx
      .insert(users)
      .values({
        id,
        name: person.name,
        email: person.email,
        emailVerified: true,
        role: person.role,
      })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    if (inserted) {
      await tx.insert(authIdentities).values({
        id: `${inserted.id}-credential`,
        accountId: inserted.id,
        providerId: "credential",
        userId: inserted.id,
        password: person.passwordHash,
      });
      return inserted.id;
    }
    const [existing] = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, person.email));
    if (!existing) throw new Error(`demo user ${person.email} vanished`);
    return existing.id;
  });
}

/** The demo account's owner, also for accounts seeded before demo users existed. */
async function ensureOwner(db: Database, demo: DemoAccount, passwordHash: string) {
  const userId = await ensureUser(db, { ...demo.owner, role: "user", passwordHash });
  const [account] = await db
    .select({ id: accounts.id, ownerUserId: accounts.ownerUserId })
    .from(accounts)
    .where(eq(accounts.slug, demo.slug));
  if (!account) throw new Error(`demo account ${demo.slug} is missing`);
  if (account.ownerUserId === null) {
    await db.update(accounts).set({ ownerUserId: userId }).where(eq(accounts.id, account.id));
  }
  await db
    .insert(accountMembers)
    .values({ accountId: account.id, userId, role: "owner" })
    .onConflictDoNothing();
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
