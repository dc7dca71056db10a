import type { AccountRole } from "@tally/db";
import { TRPCError } from "@trpc/server";
import type { AccountContext } from "./account-context";

/** Who may change what, in one place; reading is open to every member and the account's keys. */
export const rolesThat = {
  manageMembers: ["owner", "admin"],
  manageKeys: ["owner", "admin"],
  manageWebhooks: ["owner", "admin"],
  changePlan: ["owner", "admin", "billing"],
} as const satisfies Record<string, readonly AccountRole[]>;

/** The acting member's user id, or FORBIDDEN naming the roles that may do it. */
export function requireRole(ctx: AccountContext, roles: readonly AccountRole[]): string {
  const role = ctx.membership?.role;
  if (!role || ctx.actor.userId === null) {
    throw new TRPCError({ code: "FORBIDDEN", message: "API keys cannot do this; sign in instead" });
  }
  if (!roles.includes(role)) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: `Only an account ${roles.join(" or ")} may do this; you are ${role}`,
    });
  }
  return ctx.actor.userId;
}
