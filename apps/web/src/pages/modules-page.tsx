import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import type { ModuleItem } from "../lib/api-types";
import { useTRPC } from "../lib/trpc";
import { errorMessage, type ModuleRefusal, readModuleRefusal } from "../lib/trpc-error";
import { useCatalog } from "../lib/use-catalog";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { PageHeader } from "../ui/page-header";
import { EmptyState, QueryView } from "../ui/query-states";

type OpenResult =
  | { kind: "opened"; name: string }
  | { kind: "locked"; name: string; refusal: ModuleRefusal }
  | { kind: "failed"; name: string; message: string };

export default function ModulesPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const modules = useQuery(trpc.modules.list.queryOptions());
  const catalog = useCatalog();
  const [opening, setOpening] = useState<string | null>(null);
  const [result, setResult] = useState<OpenResult | null>(null);
  const planNames = catalog.data?.planNames ?? new Map<string, string>();
  // A locked module's badge names the plan that unlocks it, and that name comes from the catalog,
  // so the page stays in its loading state until both queries have answered rather than show plan
  // ids first.
  const page = {
    isPending: modules.isPending || catalog.isPending,
    isError: modules.isError || catalog.isError,
    error: modules.error ?? catalog.error,
    data: catalog.data === undefined ? undefined : modules.data,
    refetch: () => Promise.all([modules.refetch(), catalog.refetch()]),
  };

  /** Every open goes through the server's access check, locked or not. */
  async function open(module: ModuleItem) {
    setOpening(module.id);
    try {
      const opened = await queryClient.fetchQuery({
        ...trpc.modules.open.queryOptions({ moduleId: module.id }),
        staleTime: 0,
        retry: false,
      });
      setResult({ kind: "opened", name: opened.name });
    } catch (error) {
      const refusal = readModuleRefusal(error);
      setResult(
        refusal
          ? { kind: "locked", name: module.name, refusal }
          : { kind: "failed", name: module.name, message: errorMessage(error) },
      );
    } finally {
      setOpening(null);
    }
  }

  return (
    <>
      <PageHeader
        title="Modules"
        description="Everything in the library. Your plan unlocks some; upgrade for the rest."
      />
      <div aria-live="polite" className="mb-6 empty:hidden">
        {result && (
          <OpenResultPanel result={result} planNames={planNames} onClose={() => setResult(null)} />
        )}
      </div>
      <QueryView
        query={page}
        label="modules"
        isEmpty={(data) => data.length === 0}
        empty={<EmptyState title="This catalog has no modules" />}
      >
        {(data) => (
          <div className="space-y-8">
            {groupModules(data).map((group) => {
              const unlocked = group.modules.filter((module) => module.unlocked).length;
              return (
                <section key={group.id} aria-labelledby={`group-${group.id}`}>
                  <div className="mb-3 flex items-baseline justify-between gap-3">
                    <h2 id={`group-${group.id}`} className="text-sm font-semibold text-slate-900">
                      {group.name}
                    </h2>
                    <span className="text-xs text-slate-500">
                      {unlocked} of {group.modules.length} unlocked
                    </span>
                  </div>
                  <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
                    {group.modules.map((module) => (
                      <li key={module.id}>
                        <Card
                          data-testid={`module-${module.id}`}
                          data-unlocked={module.unlocked}
                          className={`flex h-full items-center justify-between gap-3 p-4 ${module.unlocked ? "" : "bg-slate-50"}`}
                        >
                          <div className="min-w-0">
                            <p
                              className={`truncate text-sm font-medium ${module.unlocked ? "text-slate-900" : "text-slate-500"}`}
                            >
                              {module.name}
                            </p>
                            {!module.unlocked && module.requiredPlan && (
                              <p className="mt-1" data-testid="required-plan">
                                <Badge tone="brand">
                                  <LockIcon />
                                  {planNames.get(module.requiredPlan)}
                                </Badge>
                              </p>
                            )}
                          </div>
                          <Button
                            size="sm"
                            variant={module.unlocked ? "secondary" : "ghost"}
                            busy={opening === module.id}
                            onClick={() => void open(module)}
                            aria-label={`${module.unlocked ? "Open" : "Unlock"} ${module.name}`}
                          >
                            {module.unlocked ? "Open" : "Unlock"}
                          </Button>
                        </Card>
                      </li>
                    ))}
                  </ul>
                </section>
              );
            })}
          </div>
        )}
      </QueryView>
    </>
  );
}

function OpenResultPanel({
  result,
  planNames,
  onClose,
}: {
  result: OpenResult;
  planNames: ReadonlyMap<string, string>;
  onClose: () => void;
}) {
  const close = (
    <button
      type="button"
      onClick={onClose}
      className="rounded-md px-2 py-1 text-sm font-medium hover:bg-black/5"
    >
      Close
    </button>
  );
  if (result.kind === "opened") {
    return (
      <div
        data-testid="module-opened"
        className="flex items-start justify-between gap-3 rounded-xl border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900"
      >
        <p>
          <strong className="font-semibold">{result.name}</strong> is open. Your plan includes it,
          so every lesson in it is available to you.
        </p>
        {close}
      </div>
    );
  }
  if (result.kind === "locked") {
    const planId = result.refusal.requiredPlan;
    const plan = planId === null ? null : (planNames.get(planId) ?? planId);
    return (
      <div
        role="alert"
        data-testid="module-locked-hint"
        data-required-plan={planId ?? undefined}
        className="flex items-start justify-between gap-3 rounded-xl border border-brand-200 bg-brand-50 px-4 py-3 text-sm text-brand-900"
      >
        <p>
          <strong className="font-semibold">{result.name}</strong> is locked on your plan.{" "}
          {plan ? (
            <>
              It comes with {plan}.{" "}
              <Link
                to={`/plans?highlight=${encodeURIComponent(planId ?? "")}`}
                className="font-semibold underline underline-offset-2"
              >
                See {plan}
              </Link>
            </>
          ) : (
            result.refusal.message
          )}
        </p>
        {close}
      </div>
    );
  }
  return (
    <div
      role="alert"
      className="flex items-start justify-between gap-3 rounded-xl border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
    >
      <p>
        Could not open {result.name}: {result.message}
      </p>
      {close}
    </div>
  );
}

function LockIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3" fill="currentColor">
      <path d="M5 7V5a3 3 0 1 1 6 0v2h.5A1.5 1.5 0 0 1 13 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-7A1.5 1.5 0 0 1 3 13.5v-5A1.5 1.5 0 0 1 4.5 7H5Zm1.5 0h3V5a1.5 1.5 0 0 0-3 0v2Z" />
    </svg>
  );
}

interface ModuleGroup {
  id: string;
  name: string;
  modules: ModuleItem[];
}

/** Modules by group, in the catalog's order of first appearance. */
function groupModules(modules: readonly ModuleItem[]): ModuleGroup[] {
  const groups = new Map<string, ModuleGroup>();
  for (const module of modules) {
    const id = module.group ?? "other";
    let group = groups.get(id);
    if (!group) {
      group = { id, name: module.groupName ?? "Other", modules: [] };
      groups.set(id, group);
    }
    group.modules.push(module);
  }
  return [...groups.values()];
}
