import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTRPC } from "../../lib/trpc";
import { useCatalog } from "../../lib/use-catalog";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card, CardHeader } from "../../ui/card";
import { TextField } from "../../ui/field";
import { EmptyState, QueryView } from "../../ui/query-states";

export function AccountFinder({
  selectedId,
  onSelect,
}: {
  selectedId: string | null;
  onSelect: (accountId: string) => void;
}) {
  const trpc = useTRPC();
  const catalog = useCatalog();
  const [draft, setDraft] = useState("");
  const [query, setQuery] = useState("");
  const results = useQuery({
    ...trpc.admin.findAccounts.queryOptions({ query, limit: 20 }),
    enabled: query !== "",
  });
  const planName = (planId: string | null) =>
    planId === null ? "No plan" : (catalog.data?.planNames.get(planId) ?? planId);

  function submit(event: FormEvent) {
    event.preventDefault();
    setQuery(draft.trim());
  }

  return (
    <Card>
      <CardHeader title="Find an account" description="By name, slug or a member's email." />
      <div className="p-5">
        <form
          onSubmit={submit}
          className="flex flex-col gap-3 sm:flex-row sm:items-end"
          aria-label="Find an account"
        >
          <TextField
            className="flex-1"
            label="Search"
            name="account-query"
            placeholder="ben@demo.tally.dev"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
          />
          <Button type="submit" disabled={draft.trim() === ""}>
            Search
          </Button>
        </form>
        {query !== "" && (
          <div className="mt-4">
            <QueryView
              query={results}
              label="accounts"
              loadingRows={2}
              isEmpty={(data) => data.length === 0}
              empty={<EmptyState title={`No account matches “${query}”`} />}
            >
              {(data) => (
                <ul
                  className="divide-y divide-slate-100 rounded-lg border border-slate-200"
                  data-testid="admin-results"
                >
                  {data.map((account) => (
                    <li key={account.id}>
                      <button
                        type="button"
                        onClick={() => onSelect(account.id)}
                        aria-pressed={account.id === selectedId}
                        className={`flex w-full flex-wrap items-center justify-between gap-2 px-4 py-3 text-left hover:bg-slate-50 ${
                          account.id === selectedId ? "bg-brand-50" : ""
                        }`}
                      >
                        <span>
                          <span className="block text-sm font-medium text-slate-900">
                            {account.name}
                          </span>
                          <span className="block font-mono text-xs text-slate-500">
                            {account.slug}
                          </span>
                        </span>
                        <span className="flex items-center gap-2">
                          <Badge tone="brand">{planName(account.planId)}</Badge>
                          {account.status && <Badge>{account.status}</Badge>}
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </QueryView>
          </div>
        )}
      </div>
    </Card>
  );
}
