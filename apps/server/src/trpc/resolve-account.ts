import type { AccountRole } from "@tally/db";
import { TRPCError } from "@trpc/server";
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
