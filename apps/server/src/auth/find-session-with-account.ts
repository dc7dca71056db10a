import {
  type Account,
  type AccountRole,
  accountMembers,
  accounts,
  type Database,
  limitOverrides,
  type Subscription,
  sessions,
  subscriptions,
  users,
} from "@tally/db";
import { and, asc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { FoundSession } from "./find-session";
import { preparedPerDatabase } from "./prepared-per-database";

/**
 * One row of the account a member acts on, as `accountProcedure` needs it: the account, its
 * subscription, the member's role in it and one limit override (one row per override).
 */
export interface MemberAccountRow {
  account: Account;
  subscription: Subscription | null;
  role: AccountRole | null;
  overrideMeterId: string | null;
  overrideAllowance: number | null;
}

/** A session with its user and, read in the same statement, the account its member acts on. */
export interface FoundSessionWithAccount extends FoundSession {
  /** Empty when the user belongs to no account. */
  accountRows: MemberAccountRow[];
}

const candidate = alias(accounts, "candidate_account");

/**
 * The session by its token, its user, and the account the member acts on (the session's active
 * account while the user is still a member of it, else their oldest membership, as
 * `resolveAccountState` chooses it) with its subscription and overrides: the two queries of every
 * signed-in account request in one statement, so such a request reads the database once before it
 * meters anything. The membership is read in the same statement as the session, so a member who
 * was removed loses access on their next request, as before.
 */
function prepareFindSessionWithAccount(db: Database) {
  const chosen = db
    .select({ accountId: accountMembers.accountId })
    .from(accountMembers)
    .innerJoin(candidate, eq(candidate.id, accountMembers.accountId))
    .where(eq(accountMembers.userId, sessions.userId))
    .orderBy(
      sql`(${accountMembers.accountId} = ${sessions.activeAccountId}) desc nulls last`,
      asc(accountMembers.createdAt),
      asc(candidate.slug),
    )
    .limit(1);
  return db
    .select({
      session: {
        id: sessions.id,
        expiresAt: sessions.expiresAt,
        activeAccountId: sessions.activeAccountId,
      },
      user: { id: users.id, email: users.email, name: users.name, role: users.role },
      account: accounts,
      subscription: subscriptions,
      role: accountMembers.role,
      overrideMeterId: limitOverrides.meterId,
      overrideAllowance: limitOverrides.allowance,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(accounts, eq(accounts.id, chosen))
    .leftJoin(
      accountMembers,
      and(eq(accountMembers.accountId, accounts.id), eq(accountMembers.userId, sessions.userId)),
    )
    .leftJoin(subscriptions, eq(subscriptions.accountId, accounts.id))
    .leftJoin(limitOverrides, eq(limitOverrides.accountId, accounts.id))
    .where(eq(sessions.token, sql.placeholder("token")))
    .prepare("tally_find_session_with_account");
}

const findSessionWithAccountStatement = preparedPerDatabase(prepareFindSessionWithAccount);

export async function findSessionWithAccount(
  db: Database,
  params: { token: string },
): Promise<FoundSessionWithAccount | null> {
  const rows = await findSessionWithAccountStatement(db).execute({ token: params.token });
  const first = rows[0];
  if (first === undefined) return null;
  const accountRows: MemberAccountRow[] = [];
  for (const { account, subscription, role, overrideMeterId, overrideAllowance } of rows) {
    if (account !== null) {
      accountRows.push({ account, subscription, role, overrideMeterId, overrideAllowance });
    }
  }
  return { session: first.session, user: first.user, accountRows };
}
