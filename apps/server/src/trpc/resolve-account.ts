import {
  type Account,
  type AccountRole,
  accountMembers,
  accounts,
  type Database,
  limitOverrides,
  subscriptions,
} from "@tally/db";
import { type AccountState, accountStateOf, MeteringError } from "@tally/metering";
import { TRPCError } from "@trpc/server";
import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import type { Caller } from "../auth/authenticate";
import { findMembership, listAccountsOfUser } from "../data/memberships";
import type { Context } from "./context";

export interface ResolvedAccount {
  accountId: string;
  membership: { role: AccountRole } | null;
  actor: { userId: string | null; apiKeyId: string | null };
}

/**
 * The account a request acts on: an API key's own account, or the session's active account when
 * the user is still a member of it (checked on every request, so a removed member loses access at
 * once), else the user's oldest membership.
 */
export async function resolveAccount(ctx: Context): Promise<ResolvedAccount> {
  const caller: Caller = ctx.caller;
  switch (caller.kind) {
    case "api_key":
      return {
        accountId: caller.accountId,
        membership: null,
        actor: { userId: null, apiKeyId: caller.apiKeyId },
      };
    case "user": {
      const actor = { userId: caller.user.id, apiKeyId: null };
      const activeId = caller.session.activeAccountId;
      if (activeId) {
        const membership = await findMembership(ctx.db, {
          accountId: activeId,
          userId: caller.user.id,
        });
        if (membership) return { accountId: activeId, membership, actor };
      }
      const [first] = await listAccountsOfUser(ctx.db, { userId: caller.user.id });
      if (!first) {
        throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of any account" });
      }
      return { accountId: first.accountId, membership: { role: first.role }, actor };
    }
    case "rejected":
      throw new TRPCError({ code: "UNAUTHORIZED", message: caller.message });
    case "anonymous":
      throw new TRPCError({
        code: "UNAUTHORIZED",
        message: "Sign in, or send an API key as `Authorization: Bearer tly_...`",
      });
  }
}

/** The account a request acts on, with everything `accountProcedure` puts in the context. */
export interface ResolvedAccountState extends ResolvedAccount {
  account: Account;
  state: AccountState;
}

/**
 * The same resolution as `resolveAccount`, plus the account row, its subscription and its limit
 * overrides, in one query: the member's choice of account (the active one while they still belong
 * to it, else their oldest) is a subquery, and the rest are joins on its primary key. The request
 * path therefore reads the session once and the account once before it meters anything.
 */
export async function resolveAccountState(ctx: Context): Promise<ResolvedAccountState> {
  const caller: Caller = ctx.caller;
  switch (caller.kind) {
    case "api_key": {
      const rows = await preparedFor(ctx.db).ofApiKey.execute({ accountId: caller.accountId });
      return {
        ...stateOf(ctx, rows),
        membership: null,
        actor: { userId: null, apiKeyId: caller.apiKeyId },
      };
    }
    case "user": {
      const userId = caller.user.id;
      // Read with the session when the context serves this one call (see `authenticate`).
      const rows =
        caller.accountRows ??
        (await preparedFor(ctx.db).ofMember.execute({
          userId,
          activeAccountId: caller.session.activeAccountId,
        }));
      const role = rows[0]?.role;
      if (role === undefined || role === null) {
        throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of any account" });
      }
      return {
        ...stateOf(ctx, rows),
        membership: { role },
        actor: { userId, apiKeyId: null },
      };
    }
    case "rejected":
      throw new TRPCError({ code: "UNAUTHORIZED", message: caller.message });
    case "anonymous":
      throw new TRPCError({
        code: "UNAUTHORIZED",
        message: "Sign in, or send an API key as `Authorization: Bearer tly_...`",
      });
  }
}

/**
 * One row per limit override (or one with none): the account, its subscription, the override, and
 * the role of the member `userId` names in it (null for an API key, which acts as the account).
 */
function accountRows(db: Database, memberOf: SQL) {
  return db
    .select({
      account: accounts,
      subscription: subscriptions,
      role: accountMembers.role,
      overrideMeterId: limitOverrides.meterId,
      overrideAllowance: limitOverrides.allowance,
    })
    .from(accounts)
    .leftJoin(accountMembers, and(eq(accountMembers.accountId, accounts.id), memberOf))
    .leftJoin(subscriptions, eq(subscriptions.accountId, accounts.id))
    .leftJoin(limitOverrides, eq(limitOverrides.accountId, accounts.id))
    .$dynamic();
}

/**
 * The two statements every account request runs, prepared once per database (so once per
 * connection in PostgreSQL): by an API key's account, and by a member's choice of account.
 */
function prepareAccountQueries(db: Database) {
  const userId = sql.placeholder("userId");
  // The active account first while the user is still a member of it (a null one matches nothing),
  // then the oldest membership: the order `listAccountsOfUser` gives.
  const chosen = db
    .select({ accountId: accountMembers.accountId })
    .from(accountMembers)
    .innerJoin(accounts, eq(accounts.id, accountMembers.accountId))
    .where(eq(accountMembers.userId, userId))
    .orderBy(
      sql`(${accountMembers.accountId} = ${sql.placeholder("activeAccountId")}::uuid) desc nulls last`,
      asc(accountMembers.createdAt),
      asc(accounts.slug),
    )
    .limit(1);
  return {
    ofApiKey: accountRows(db, sql`false`)
      .where(eq(accounts.id, sql.placeholder("accountId")))
      .prepare("tally_account_of_api_key"),
    ofMember: accountRows(db, eq(accountMembers.userId, userId))
      .where(eq(accounts.id, chosen))
      .prepare("tally_account_of_member"),
  };
}

const prepared = new WeakMap<Database, ReturnType<typeof prepareAccountQueries>>();

function preparedFor(db: Database) {
  let queries = prepared.get(db);
  if (queries === undefined) {
    queries = prepareAccountQueries(db);
    prepared.set(db, queries);
  }
  return queries;
}

type AccountRow = Awaited<ReturnType<ReturnType<typeof accountRows>["execute"]>>[number];

function stateOf(
  ctx: Context,
  rows: readonly AccountRow[],
): { accountId: string; account: Account; state: AccountState } {
  const first = rows[0];
  if (first === undefined) {
    throw new TRPCError({ code: "NOT_FOUND", message: "The account no longer exists" });
  }
  const accountId = first.account.id;
  if (first.subscription === null) {
    throw new MeteringError("no_subscription", `account ${accountId} has no subscription`, {
      accountId,
    });
  }
  const overrides = rows.map((row) => ({
    meterId: row.overrideMeterId,
    allowance: row.overrideAllowance,
  }));
  return {
    accountId,
    account: first.account,
    state: accountStateOf(ctx.catalog, first.subscription, overrides, ctx.now),
  };
}
