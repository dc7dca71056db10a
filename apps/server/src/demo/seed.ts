import { accounts, authIdentities, type Database, subscriptions, users } from "@tally/db";
import { createAccount, isMeteringError, type MeteringDeps, recordUsage } from "@tally/metering";
import {
  type AnyCatalog,
  addMonthsClamped,
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
  usage: DemoUsage;
  /** Usage in the billing period before this one, which has ended and can be invoiced. */
  lastPeriodUsage?: DemoUsage;
}

type DemoUsage = Partial<Record<CoachingMeterId, { total: number; events: number }>>;

/**
 * One account per coaching plan, each telling a story the dashboard should show: a Free user
 * with most of the one-time minutes used, a Lifestyle user at 85% of the minutes (amber), a Growth
 * user past both allowances (overage lines), and a Mastery user with unlimited minutes. Every
 * account is one billing period older than its current period, so `pnpm billing:close` has an
 * ended period to invoice; the Growth user's holds overage on both meters.
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
    lastPeriodUsage: {
      ai_voice_seconds: { total: 25_230, events: 51 },
      coach_calls: { total: 6, events: 6 },
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
/** The demo accounts signed up this many billing periods before the current one began. */
const DEMO_PAST_PERIODS = 1;
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
  const currentPeriodStart = new Date(
    Math.floor(now.getTime() / DAY_MS) * DAY_MS - DEMO_PERIOD_AGE_DAYS * DAY_MS,
  );
  const anchor = addMonthsClamped(currentPeriodStart, -DEMO_PAST_PERIODS);
  for (const demo of demoAccounts) {
    const ownerUserId = await ensureUser(db, { ...demo.owner, role: "user", passwordHash });
    const created = await seedAccount({ db, catalog: coaching }, demo, ownerUserId, anchor, now);
    (created ? result.created : result.existing).push(demo.slug);
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

/**
 * Creates the demo account through the engine, as a sign-up would, then records its usage
 * through the engine too, so counters, events and alerts (the Lifestyle user's 80%) agree as
 * they would in production. Every event has a fixed idempotency key, so a crash mid-seed is
 * completed by the next start and a finished seed replays without counting anything twice.
 */
async function seedAccount(
  deps: MeteringDeps,
  demo: DemoAccount,
  ownerUserId: string,
  signUpAt: Date,
  now: Date,
): Promise<boolean> {
  const account =
    (await findAccountBySlug(deps.db, demo.slug)) ??
    (await createDemoAccount(deps, demo, ownerUserId, signUpAt));

  // The subscription's own anchor: an account seeded by an older Tally keeps its periods.
  const anchor = await billingAnchorOf(deps.db, account.id);
  const current = billingPeriodFor({ anchor, at: now, interval: "month" });
  const last = billingPeriodFor({
    anchor,
    at: new Date(current.start.getTime() - 1),
    interval: "month",
  });
  // Current usage keeps the keys it always had, so replaying an older seed counts nothing twice.
  const periods = [
    ...(last.start >= anchor
      ? [
          {
            usage: demo.lastPeriodUsage ?? {},
            from: last.start,
            to: current.start,
            keyPrefix: "last:",
          },
        ]
      : []),
    { usage: demo.usage, from: current.start, to: now, keyPrefix: "" },
  ];
  const events = periods.flatMap(({ usage: periodUsage, from, to, keyPrefix }) =>
    Object.entries(periodUsage).flatMap(([meterId, usage]) => {
      const reset = effectiveReset(coaching, demo.planId, meterId as CoachingMeterId);
      // A lifetime meter (Free's one-time minutes) counts from sign-up, not from `from`.
      const counted = periodFor({
        reset,
        at: new Date(to.getTime() - 1),
        anchor,
        interval: "month",
      });
      return spreadUsage(usage.total, usage.events, counted.start, from, to).map(
        (event, index) => ({
          ...event,
          meterId,
          idempotencyKey: `demo:${demo.slug}:${keyPrefix}${meterId}:${index}`,
        }),
      );
    }),
  );
  // In the order it happened, across meters, as live traffic would have recorded it.
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const event of events) {
    await recordUsage(deps, {
      accountId: account.id,
      meterId: event.meterId,
      quantity: event.quantity,
      idempotencyKey: event.idempotencyKey,
      mode: "measured",
      procedure: event.meterId === "coach_calls" ? "coach.bookCall" : "voice.endSession",
      actorUserId: ownerUserId,
      now: event.at,
    });
  }
  return account.created;
}

async function billingAnchorOf(db: Database, accountId: string): Promise<Date> {
  const [found] = await db
    .select({ anchor: subscriptions.billingAnchor })
    .from(subscriptions)
    .where(eq(subscriptions.accountId, accountId));
  if (!found) throw new Error(`demo account ${accountId} has no subscription`);
  return found.anchor;
}

async function findAccountBySlug(db: Database, slug: string) {
  const [found] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.slug, slug));
  return found ? { id: found.id, created: false } : null;
}

async function createDemoAccount(
  deps: MeteringDeps,
  demo: DemoAccount,
  ownerUserId: string,
  anchor: Date,
) {
  try {
    const { account } = await createAccount(deps.db, deps.catalog, {
      name: demo.name,
      slug: demo.slug,
      ownerUserId,
      planId: demo.planId,
      now: anchor,
    });
    return { id: account.id, created: true };
  } catch (error) {
    // Another server starting at the same moment created it first.
    const existing = isMeteringError(error, "invalid_input") && error.details.field === "slug";
    const account = existing ? await findAccountBySlug(deps.db, demo.slug) : null;
    if (!account) throw error;
    return account;
  }
}

/**
 * Splits `total` into `count` integer quantities at even times between the later of the counter
 * period's start and `from`, and `to`. The remainder goes to the first events, so the sum is
 * exact.
 */
function spreadUsage(total: number, count: number, periodStart: Date, from: Date, to: Date) {
  const start = Math.max(periodStart.getTime(), from.getTime());
  const step = (to.getTime() - start) / count;
  const base = Math.floor(total / count);
  const remainder = total % count;
  return Array.from({ length: count }, (_, index) => ({
    quantity: base + (index < remainder ? 1 : 0),
    at: new Date(Math.floor(start + step * index)),
  }));
}
