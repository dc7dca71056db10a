import {
  accountMembers,
  accounts,
  type Database,
  limitOverrides,
  oncePerDatabase,
  sessions,
  subscriptions,
  users,
} from "@tally/db";
import { and, eq, sql } from "drizzle-orm";
import { type FoundSession, sessionWithUserColumns } from "./find-session";
import { chosenAccountId, type MemberAccountRow, memberAccountColumns } from "./member-account";

/** A session with its user and, read in the same statement, the account its member acts on. */
export interface FoundSessionWithAccount extends FoundSession {
  /** Empty when the user belongs to no account. */
  accountRows: MemberAccountRow[];
}

/**
 * The session by its token, its user, and the account the member acts on (see `chosenAccountId`)
 * with its subscription and overrides: the two queries of every signed-in account request in one
 * statement, so such a request reads the database once before it meters anything. The membership
 * is read in the same statement as the session, so a member who was removed loses access on their
 * next request, as before.
 */
function prepareFindSessionWithAccount(db: Database) {
  const chosen = chosenAccountId(db, {
    userId: sessions.userId,
    activeAccountId: sessions.activeAccountId,
  });
  return db
    .select({ ...sessionWithUserColumns, ...memberAccountColumns })
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

const findSessionWithAccountStatement = oncePerDatabase(prepareFindSessionWithAccount);

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
