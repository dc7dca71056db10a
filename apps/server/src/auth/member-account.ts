import {
  type Account,
  type AccountRole,
  accountMembers,
  accounts,
  type Database,
  limitOverrides,
  type Subscription,
  subscriptions,
} from "@tally/db";
import { asc, eq, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";

/**
 * One row of the account a request acts on, as `accountProcedure` needs it: the account, its
 * subscription, the member's role in it and one limit override (one row per override).
 */
export interface MemberAccountRow {
  account: Account;
  subscription: Subscription | null;
  role: AccountRole | null;
  overrideMeterId: string | null;
  overrideAllowance: number | null;
}

/** The columns of a `MemberAccountRow`, for every query that reads the account a request acts on. */
export const memberAccountColumns = {
  account: accounts,
  subscription: subscriptions,
  role: accountMembers.role,
  overrideMeterId: limitOverrides.meterId,
  overrideAllowance: limitOverrides.allowance,
};

const candidate = alias(accounts, "candidate_account");

/**
 * The id of the account a member acts on, as a subquery: the active account first while the user
 * is still a member of it (a null one matches nothing), then the oldest membership, the order
 * `listAccountsOfUser` gives. The session lookup and `resolveAccountState` both choose by it.
 */
export function chosenAccountId(
  db: Database,
  { userId, activeAccountId }: { userId: SQLWrapper; activeAccountId: SQLWrapper | SQL },
) {
  return db
    .select({ accountId: accountMembers.accountId })
    .from(accountMembers)
    .innerJoin(candidate, eq(candidate.id, accountMembers.accountId))
    .where(eq(accountMembers.userId, userId))
    .orderBy(
      sql`(${accountMembers.accountId} = ${activeAccountId}) desc nulls last`,
      asc(accountMembers.createdAt),
      asc(candidate.slug),
    )
    .limit(1);
}
