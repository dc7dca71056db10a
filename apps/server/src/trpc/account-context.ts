import type { Account, AccountRole } from "@tally/db";
import type { AccountState } from "@tally/metering";
import type { Context } from "./context";

export type { AccountState };

/** What `accountProcedure` adds: the caller's account, resolved from credentials, never input. */
export interface AccountContext extends Context {
  account: Account;
  /** The signed-in member's role; null for an API key, which acts as the account itself. */
  membership: { role: AccountRole } | null;
  /** Who acts, for the usage log and the subscription history. */
  actor: { userId: string | null; apiKeyId: string | null };
  subscription: AccountState["subscription"];
  /** The plan in force now, with pending transitions applied (see effectivePlan). */
  plan: AccountState["plan"];
  accountState: AccountState;
}
