import { accountMembers, accounts, type Database, subscriptions, users } from "@tally/db";
import { asc, eq, ilike, or, sql } from "drizzle-orm";

/** Escapes LIKE wildcards so a search for "50%" means the characters, not a pattern. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
}

/** Accounts whose name or slug, or a member's email, contains the text. */
export async function searchAccounts(db: Database, params: { query: string; limit: number }) {
  const pattern = containing(params.query);
  return db
    .selectDistinct({
      id: accounts.id,
      name: accounts.name,
      slug: accounts.slug,
      planId: subscriptions.planId,
      status: subscriptions.status,
      createdAt: accounts.createdAt,
    })
    .from(accounts)
    .leftJoin(subscriptions, eq(subscriptions.accountId, accounts.id))
    .leftJoin(accountMembers, eq(accountMembers.accountId, accounts.id))
    .leftJoin(users, eq(users.id, accountMembers.userId))
    .where(
      or(ilike(accounts.name, pattern), ilike(accounts.slug, pattern), ilike(users.email, pattern)),
    )
    .orderBy(asc(accounts.slug))
    .limit(params.limit);
}

export async function accountExists(db: Database, params: { accountId: string }) {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(accounts)
    .where(eq(accounts.id, params.accountId));
  return row !== undefined;
}
