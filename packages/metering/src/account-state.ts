import {
  type Database,
  limitOverrides,
  oncePerDatabase,
  type Subscription,
  subscriptions,
} from "@tally/db";
import {
  type AnyCatalog,
  type Entitlement,
  effectiveReset,
  effectiveThresholdsPercent,
  entitlementFor,
  type MeterId,
  type Period,
  periodFor,
} from "@tally/tier-config";
import { eq, sql } from "drizzle-orm";
import type { EffectivePlan } from "./effective-plan";
import { MeteringError } from "./errors";
import { accountStateOf } from "./usage/account-state-of";

/** An allowance that replaces the plan's for one meter of one account. */
export type AllowanceOverride = number | "unlimited";

export interface AccountState {
  subscription: Subscription;
  plan: EffectivePlan;
  overrides: ReadonlyMap<MeterId<AnyCatalog>, AllowanceOverride>;
  /** The instant the state was read for; periods and transitions are computed at it. */
  asOf: Date;
}

/**
 * The subscription joined with its limit overrides (one row per override, or one row with none),
 * prepared: every recording that is not handed the state reads it, so PostgreSQL should parse and
 * plan it once per connection (an unnamed statement also costs postgres.js a describe round trip).
 */
const accountStateStatement = oncePerDatabase((db: Database) =>
  db
    .select({
      subscription: subscriptions,
      overrideMeterId: limitOverrides.meterId,
      overrideAllowance: limitOverrides.allowance,
    })
    .from(subscriptions)
    .leftJoin(limitOverrides, eq(limitOverrides.accountId, subscriptions.accountId))
    .where(eq(subscriptions.accountId, sql.placeholder("accountId")))
    .prepare("tally_load_account_state"),
);

/** Everything a limit decision needs about an account, in one query. */
export async function loadAccountState(
  db: Database,
  catalog: AnyCatalog,
  accountId: string,
  now: Date,
): Promise<AccountState> {
  const rows = await accountStateStatement(db).execute({ accountId });

  const first = rows[0];
  if (first === undefined) {
    throw new MeteringError("no_subscription", `account ${accountId} has no subscription`, {
      accountId,
    });
  }
  return accountStateOf(catalog, first.subscription, rows, now);
}

/**
 * The account's state at `now`: `known` when the caller already read it for this account at this
 * instant (the server reads it once per request to authorise it), else one query. Reusing it
 * keeps the metered path to a single state read.
 */
export async function accountStateAt(
  db: Database,
  catalog: AnyCatalog,
  { accountId, now, known }: { accountId: string; now: Date; known: AccountState | undefined },
): Promise<AccountState> {
  if (known === undefined) return loadAccountState(db, catalog, accountId, now);
  if (known.subscription.accountId !== accountId || known.asOf.getTime() !== now.getTime()) {
    throw new Error(
      `the account state passed in was read for account ${known.subscription.accountId} at ` +
        `${known.asOf.toISOString()}, not for ${accountId} at ${now.toISOString()}`,
    );
  }
  return known;
}

/** What an account may use of one meter right now. */
export interface AccountEntitlement extends Entitlement {
  thresholdsPercent: readonly number[];
  /** The counter period `asOf` falls in. */
  period: Period;
  /** True when the period never ends (a one-time allowance); `resetsAt` is then null. */
  lifetime: boolean;
}

/** The plan's entitlement on a meter, with the account's limit override applied. */
export function entitlementOf(
  catalog: AnyCatalog,
  state: AccountState,
  meterId: MeterId<AnyCatalog>,
): AccountEntitlement {
  const { planId, anchor, interval } = state.plan;
  const entitlement = entitlementFor(catalog, planId, meterId);
  const reset = effectiveReset(catalog, planId, meterId);
  return {
    ...entitlement,
    allowance: state.overrides.get(meterId) ?? entitlement.allowance,
    thresholdsPercent: effectiveThresholdsPercent(catalog, planId),
    period: periodFor({ reset, at: state.asOf, anchor, interval }),
    lifetime: reset === "never",
  };
}
