import {
  type AccountRole,
  accountMembers,
  accounts,
  type Database,
  sessions,
  users,
} from "@tally/db";
import { and, asc, eq } from "drizzle-orm";

/** The accounts a user belongs to, oldest membership first (the default active account). */
export async function listAccountsOfUser(db: Database, params: { userId: string }) {
  return db
    .select({
      accountId: accounts.id,
      name: accounts.name,
      slug: accounts.slug,
      role: accountMembers.role,
      joinedAt: accountMembers.createdAt,
    })
    .from(accountMembers)
    .innerJoin(accounts, eq(accounts.id, accountMembers.accountId))
    .where(eq(accountMembers.userId, params.userId))
    .orderBy(asc(accountMembers.createdAt), asc(accounts.slug));
}

export async function findMembership(db: Database, params: { accountId: string; userId: string }) {
  const [row] = await db
    .select({ role: accountMembers.role })
    .from(accountMembers)
    .where(
      and(eq(accountMembers.accountId, params.accountId), eq(accountMembers.userId, params.userId)),
    );
  return row ?? null;
}

export async function listMembers(db: Database, params: { accountId: string }) {
  return db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: accountMembers.role,
      joinedAt: accountMembers.createdAt,
    })
    .from(accountMembers)
    .innerJoin(users, eq(users.id, accountMembers.userId))
    .where(eq(accountMembers.accountId, params.accountId))
    .orderBy(asc(accountMembers.createdAt));
}

/** Adds or re-roles a member; returns false when the user was already a member with that role. */
export async function upsertMember(
  db: Database,
  params: { accountId: string; userId: string; role: AccountRole },
) {
  const rows = await db
    .insert(accountMembers)
    .values(params)
    .onConflictDoUpdate({
      target: [accountMembers.accountId, accountMembers.userId],
      set: { role: params.role },
    })
    .returning({ userId: accountMembers.userId });
  return rows.length > 0;
}

export async function removeMember(db: Database, params: { accountId: string; userId: string }) {
  const rows = await db
    .delete(accountMembers)
    .where(
      and(eq(accountMembers.accountId, params.accountId), eq(accountMembers.userId, params.userId)),
    )
    .returning({ userId: accountMembers.userId });
  return rows.length > 0;
}

export async function countOwners(db: Database, params: { accountId: string }) {
  const rows = await db
    .select({ userId: accountMembers.userId })
    .from(accountMembers)
    .where(and(eq(accountMembers.accountId, params.accountId), eq(accountMembers.role, "owner")));
  return rows.length;
}

export async function findUserByEmail(db: Database, params: { email: string }) {
  const [row] = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.email, params.email.toLowerCase()));
  return row ?? null;
}

/** Points a session at an account; the caller has checked the membership. */
export async function setActiveAccount(
  db: Database,
  params: { sessionId: string; accountId: string },
) {
  await db
    .update(sessions)
    .set({ activeAccountId: params.accountId })
    .where(eq(sessions.id, params.sessionId));
}

/** Makes the listed emails platform admins, so TALLY_ADMIN_EMAILS also covers existing users. */
export async function promoteAdmins(db: Database, params: { emails: readonly string[] }) {
  let promoted = 0;
  for (const email of params.emails) {
    const rows = await db
      .update(users)
      .set({ role: "admin" })
      .where(and(eq(users.email, email), eq(users.role, "user")))
      .returning({ id: users.id });
    promoted += rows.length;
  }
  return promoted;
}
