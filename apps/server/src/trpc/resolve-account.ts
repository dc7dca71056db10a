import {
  type Account,
  type AccountRole,
  accountMembers,
  accounts,
  type Database,
  limitOverrides,
  oncePerDatabase,
  subscriptions,
} from "@tally/db";
import { type AccountState, accountStateOf, MeteringError } from "@tally/metering";
import { TRPCError } from "@trpc/server";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Caller } from "../auth/authenticate";
import {
  chosenAccountId,
  type MemberAccountRow,
  memberAccountColumns,
} from "../auth/member-account";
import type { Context } from "./context";

/** The account a request acts on, with everything `accountProcedure` puts in the context. */
export interface ResolvedAccountState {
  account: Account;
  state: AccountState;
  membership: { role: AccountRole } | null;
  actor: { userId: string | null; apiKeyId: string | null };
}

/**
 * The account a request acts on, checked on every request so a removed member loses access at
 * once: an API key's own account, or the member's choice (the session's active account while they
 * still belong to it, else their oldest membership; see `chosenAccountId`). Read with the account
 * row, its subscription and its limit overrides in one query: the choice is a subquery, and the
 * rest are joins on its primary key. The request path therefore reads the session once and the
 * account once before it meters anything.
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
    .select(memberAccountColumns)
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
const preparedFor = oncePerDatabase((db: Database) => {
  const userId = sql.placeholder("userId");
  const chosen = chosenAccountId(db, {
    userId,
    activeAccountId: sql`${sql.placeholder("activeAccountId")}::uuid`,
  });
  return {
    ofApiKey: accountRows(db, sql`false`)
      .where(eq(accounts.id, sql.placeholder("accountId")))
      .prepare("tally_account_of_api_key"),
    ofMember: accountRows(db, eq(accountMembers.userId, userId))
      .where(eq(accounts.id, chosen))
      .prepare("tally_account_of_member"),
  };
});

function stateOf(
  ctx: Context,
  rows: readonly MemberAccountRow[],
): { account: Account; state: AccountState } {
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
  return {
    account: first.account,
    state: accountStateOf(ctx.catalog, first.subscription, rows, ctx.now),
  };
}
