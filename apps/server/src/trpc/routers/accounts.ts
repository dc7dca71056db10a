import { accountRoles, type Database } from "@tally/db";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { generateApiKey } from "../../auth/api-key-secret";
import { describeSubscription } from "../../catalog/describe-subscription";
import { insertApiKey, listApiKeys, revokeApiKey } from "../../data/api-keys";
import {
  countOwners,
  findMembership,
  findUserByEmail,
  listAccountsOfUser,
  listMembers,
  removeMember,
  setActiveAccount,
  upsertMember,
} from "../../data/memberships";
import { accountProcedure, protectedProcedure, router } from "../init";
import { requireRole, rolesThat } from "../roles";

/** Accounts a person belongs to, the active one, its members and its API keys. */
export const accountsRouter = router({
  list: protectedProcedure.query(async ({ ctx }) => {
    const memberships = await listAccountsOfUser(ctx.db, { userId: ctx.user.id });
    // The account requests act on, chosen as `chosenAccountId` chooses it: the session's active
    // account while the user still belongs to it, else the oldest membership (listed first).
    const active =
      memberships.find((membership) => membership.accountId === ctx.session.activeAccountId) ??
      memberships[0];
    return memberships.map((membership) => ({
      ...membership,
      active: membership.accountId === active?.accountId,
    }));
  }),

  /** Makes another of the user's accounts the active one for this session. */
  switch: protectedProcedure
    .input(z.object({ accountId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const membership = await findMembership(ctx.db, {
        accountId: input.accountId,
        userId: ctx.user.id,
      });
      if (!membership) {
        // The same answer whether the account exists or not, so ids cannot be probed.
        throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of that account" });
      }
      await setActiveAccount(ctx.db, { sessionId: ctx.session.id, accountId: input.accountId });
      return { accountId: input.accountId, role: membership.role };
    }),

  /** The active account with the caller's role and its tier, for the dashboard's header. */
  current: accountProcedure.query(({ ctx }) => ({
    account: { id: ctx.account.id, name: ctx.account.name, slug: ctx.account.slug },
    role: ctx.membership?.role ?? null,
    subscription: describeSubscription(ctx.catalog, ctx.subscription, ctx.plan, ctx.now),
  })),

  members: accountProcedure.query(({ ctx }) => listMembers(ctx.db, { accountId: ctx.account.id })),

  /** Adds a user who has signed up, or changes their role; only owners make owners. */
  addMember: accountProcedure
    .input(z.object({ email: z.email(), role: z.enum(accountRoles) }))
    .mutation(async ({ ctx, input }) => {
      requireRole(ctx, rolesThat.manageMembers);
      if (input.role === "owner" && ctx.membership?.role !== "owner") {
        throw new TRPCError({ code: "FORBIDDEN", message: "Only an owner may add an owner" });
      }
      const user = await findUserByEmail(ctx.db, { email: input.email });
      if (!user) {
        throw new TRPCError({
          code: "NOT_FOUND",
          message: "No user with that email has signed up",
        });
      }
      await assertNotLastOwner(ctx.db, ctx.account.id, user.id, input.role);
      await upsertMember(ctx.db, { accountId: ctx.account.id, userId: user.id, role: input.role });
      return { userId: user.id, email: user.email, role: input.role };
    }),

  removeMember: accountProcedure
    .input(z.object({ userId: z.string().min(1).max(100) }))
    .mutation(async ({ ctx, input }) => {
      requireRole(ctx, rolesThat.manageMembers);
      const target = await findMembership(ctx.db, {
        accountId: ctx.account.id,
        userId: input.userId,
      });
      if (!target) {
        throw new TRPCError({
          code: "NOT_FOUND",
          message: "That user is not a member of this account",
        });
      }
      if (target.role === "owner" && ctx.membership?.role !== "owner") {
        throw new TRPCError({ code: "FORBIDDEN", message: "Only an owner may remove an owner" });
      }
      await assertNotLastOwner(ctx.db, ctx.account.id, input.userId, null);
      await removeMember(ctx.db, { accountId: ctx.account.id, userId: input.userId });
      return { removed: true };
    }),

  apiKeys: accountProcedure.query(({ ctx }) => {
    requireRole(ctx, rolesThat.manageKeys);
    return listApiKeys(ctx.db, { accountId: ctx.account.id });
  }),

  /** The secret is in this answer only; Tally keeps its SHA-256. */
  createApiKey: accountProcedure
    .input(z.object({ name: z.string().trim().min(1).max(100) }))
    .mutation(async ({ ctx, input }) => {
      const userId = requireRole(ctx, rolesThat.manageKeys);
      const key = generateApiKey();
      const row = await insertApiKey(ctx.db, {
        accountId: ctx.account.id,
        name: input.name,
        prefix: key.prefix,
        keyHash: key.keyHash,
        userId,
      });
      return {
        id: row.id,
        name: input.name,
        prefix: key.prefix,
        secret: key.secret,
        createdAt: row.createdAt,
      };
    }),

  revokeApiKey: accountProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      requireRole(ctx, rolesThat.manageKeys);
      const revoked = await revokeApiKey(ctx.db, {
        accountId: ctx.account.id,
        id: input.id,
        now: ctx.now,
      });
      if (!revoked) {
        throw new TRPCError({
          code: "NOT_FOUND",
          message: "This account has no such active API key",
        });
      }
      return { revoked: true };
    }),
});

/** An account always keeps an owner: demoting or removing the last one is refused. */
async function assertNotLastOwner(
  db: Database,
  accountId: string,
  userId: string,
  newRole: string | null,
) {
  if (newRole === "owner") return;
  const current = await findMembership(db, { accountId, userId });
  if (current?.role === "owner" && (await countOwners(db, { accountId })) <= 1) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "An account needs at least one owner" });
  }
}
