import { randomBytes } from "node:crypto";
import {
  type Account,
  accountMembers,
  accounts,
  type BillingInterval,
  type Database,
  type Subscription,
  subscriptions,
  violatedConstraint,
} from "@tally/db";
import { type AnyCatalog, billingPeriodFor, planOf } from "@tally/tier-config";
import { eq } from "drizzle-orm";
import { MeteringError } from "../errors";
import { isUuid, requirePlanId } from "./input-checks";
import { recordSubscriptionEvents, type SubscriptionEventDraft } from "./subscription-event";
import { trialEnd } from "./trial-end";

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_SLUG_LENGTH = 63;

export interface CreateAccountInput {
  name: string;
  /** The account's URL handle; derived from the name (plus a random suffix) when omitted. */
  slug?: string;
  /** The signed-in user creating the account; they become its owner. */
  ownerUserId: string;
  /** The catalog's default plan when omitted. */
  planId?: string;
  interval?: BillingInterval;
  /** An existing account that sponsors this one. */
  sponsorAccountId?: string;
  now: Date;
}

/**
 * A new tenant: the account, its owner's membership and its subscription, with the history's
 * first lines, in one transaction. Billing is anchored at `now`. A plan with a trial starts
 * trialing until `now` + its trial days.
 */
export async function createAccount(
  db: Database,
  catalog: AnyCatalog,
  input: CreateAccountInput,
): Promise<{ account: Account; subscription: Subscription }> {
  const { ownerUserId, sponsorAccountId, now } = input;
  const name = input.name.trim();
  if (name === "") {
    throw new MeteringError("invalid_input", "an account needs a name", { field: "name" });
  }
  const slug = input.slug ?? slugFrom(name);
  if (!SLUG.test(slug) || slug.length > MAX_SLUG_LENGTH) {
    throw new MeteringError(
      "invalid_input",
      "a slug is lowercase letters and digits in words joined by single hyphens",
      { field: "slug", slug },
    );
  }
  const planId = requirePlanId(catalog, input.planId ?? catalog.defaultPlan);
  const interval = input.interval ?? "month";
  const trialDays = planOf(catalog, planId).trialDays;
  const status = trialDays === undefined ? "active" : "trialing";
  const period = billingPeriodFor({ anchor: now, at: now, interval });

  try {
    return await db.transaction(async (tx) => {
      if (sponsorAccountId !== undefined) await requireAccount(tx, sponsorAccountId);
      const [account] = await tx
        .insert(accounts)
        .values({ name, slug, ownerUserId, sponsorAccountId })
        .returning();
      if (!account) throw new Error("inserting an account returned no row");
      await tx
        .insert(accountMembers)
        .values({ accountId: account.id, userId: ownerUserId, role: "owner" });
      const [subscription] = await tx
        .insert(subscriptions)
        .values({
          accountId: account.id,
          planId,
          status,
          billingInterval: interval,
          billingAnchor: now,
          currentPeriodStart: period.start,
          currentPeriodEnd: period.end,
          trialEndsAt: trialDays === undefined ? null : trialEnd(now, trialDays),
        })
        .returning();
      if (!subscription) throw new Error("inserting a subscription returned no row");

      const created: SubscriptionEventDraft = {
        action: "created",
        fromPlanId: null,
        toPlanId: planId,
        fromStatus: null,
        toStatus: status,
        reason: null,
      };
      const trialStarted: SubscriptionEventDraft = {
        action: "trial_started",
        fromPlanId: planId,
        toPlanId: planId,
        fromStatus: status,
        toStatus: status,
        reason: `${trialDays} day trial`,
      };
      await recordSubscriptionEvents(
        tx,
        subscription,
        { userId: ownerUserId, isAdmin: false },
        trialDays === undefined ? [created] : [created, trialStarted],
      );
      return { account, subscription };
    });
  } catch (error) {
    throw refusalFor(error, { slug, ownerUserId }) ?? error;
  }
}

async function requireAccount(db: Database, accountId: string): Promise<void> {
  const [found] = isUuid(accountId)
    ? await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId))
    : [];
  if (!found) {
    throw new MeteringError("not_found", `sponsor account ${accountId} does not exist`, {
      sponsorAccountId: accountId,
    });
  }
}

/** The constraint violations a caller can fix, as MeteringErrors; undefined for anything else. */
function refusalFor(
  error: unknown,
  { slug, ownerUserId }: { slug: string; ownerUserId: string },
): MeteringError | undefined {
  switch (violatedConstraint(error)) {
    case "accounts_slug_unique":
      return new MeteringError("invalid_input", `the slug "${slug}" is taken`, {
        field: "slug",
        slug,
      });
    case "accounts_owner_user_id_users_id_fk":
    case "account_members_user_id_users_id_fk":
      return new MeteringError("not_found", `user ${ownerUserId} does not exist`, { ownerUserId });
    default:
      return undefined;
  }
}

/** A slug from the name's letters and digits, made unique enough by a random suffix. */
function slugFrom(name: string): string {
  const words = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG_LENGTH - 9)
    .replace(/-+$/, "");
  const suffix = randomBytes(4).toString("hex");
  return words === "" ? suffix : `${words}-${suffix}`;
}
