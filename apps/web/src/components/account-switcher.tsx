import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import type { AccountMembership } from "../lib/api-types";
import { useTRPC } from "../lib/trpc";
import { errorMessage } from "../lib/trpc-error";

/**
 * The active account's name, and a switcher when the person belongs to several. Switching
 * changes the session's account on the server, so every cached answer is refetched.
 */
export function AccountSwitcher({ accounts }: { accounts: AccountMembership[] | undefined }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const switchAccount = useMutation(
    trpc.accounts.switch.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(),
    }),
  );
  if (!accounts || accounts.length === 0) return null;
  const active = accounts.find((account) => account.active) ?? accounts[0];
  if (!active) return null;
  if (accounts.length === 1) {
    return (
      <span className="truncate rounded-lg bg-slate-100 px-2.5 py-1 text-sm font-medium text-slate-700">
        {active.name}
      </span>
    );
  }
  return (
    <div className="flex min-w-0 items-center gap-2">
      <label htmlFor={id} className="sr-only">
        Active account
      </label>
      <select
        id={id}
        data-testid="account-switcher"
        value={active.accountId}
        disabled={switchAccount.isPending}
        onChange={(event) => switchAccount.mutate({ accountId: event.target.value })}
        className="max-w-44 truncate rounded-lg border-0 bg-slate-100 py-1.5 pr-8 pl-2.5 text-sm font-medium text-slate-800 ring-1 ring-slate-200 ring-inset focus:ring-2 focus:ring-brand-600"
      >
        {accounts.map((account) => (
          <option key={account.accountId} value={account.accountId}>
            {account.name} ({account.role})
          </option>
        ))}
      </select>
      {switchAccount.isError && (
        <span role="alert" className="text-xs text-red-600">
          {errorMessage(switchAccount.error)}
        </span>
      )}
    </div>
  );
}
