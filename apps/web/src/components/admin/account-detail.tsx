import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { formatDayYear, formatTime, formatUsedOfAllowance } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { errorMessage } from "../../lib/trpc-error";
import { type CatalogData, useCatalog } from "../../lib/use-catalog";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card, CardHeader } from "../../ui/card";
import { SelectField, TextField } from "../../ui/field";
import { EmptyState, ErrorState, LoadingState, QueryView } from "../../ui/query-states";

const decisionTone = { allow: "success", warn: "warning", block: "danger" } as const;

/** One account as an operator sees it: snapshot, plan assignment, overrides and history. */
export function AccountDetail({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const catalog = useCatalog();
  const snapshot = useQuery(trpc.admin.snapshot.queryOptions({ accountId }));

  if (catalog.isError) {
    return (
      <ErrorState
        title="Could not load the catalog"
        error={catalog.error}
        onRetry={() => void catalog.refetch()}
      />
    );
  }
  if (!catalog.data) return <LoadingState label="the account" />;
  const catalogData = catalog.data;
  const meters = catalogData.metersById;
  const planName = (planId: string) => catalogData.planNames.get(planId) ?? planId;

  return (
    <div className="space-y-6" data-testid="admin-account">
      <Card>
        <QueryView query={snapshot} label="the account snapshot" loadingRows={2}>
          {(data) => (
            <>
              <CardHeader
                title={data.account.name}
                description={
                  <span className="font-mono text-xs">
                    {data.account.slug} · {data.account.id}
                  </span>
                }
                action={
                  <div className="flex items-center gap-2">
                    <Badge tone="brand">{planName(data.plan.planId)}</Badge>
                    <Badge>{data.plan.status}</Badge>
                    {data.plan.access !== "full" && <Badge tone="danger">{data.plan.access}</Badge>}
                  </div>
                }
              />
              <div className="grid gap-3 p-5 sm:grid-cols-2">
                {data.usage.map((row) => {
                  const meter = meters.get(row.meterId);
                  return (
                    <div
                      key={row.meterId}
                      data-testid={`admin-usage-${row.meterId}`}
                      className="rounded-lg border border-slate-200 p-4"
                    >
                      <div className="flex items-center justify-between gap-2">
                        <p className="text-sm font-medium text-slate-700">
                          {meter?.name ?? row.meterId}
                        </p>
                        <Badge tone={decisionTone[row.decision]}>next call: {row.decision}</Badge>
                      </div>
                      <p className="mt-1 text-lg font-semibold tabular-nums">
                        {meter
                          ? formatUsedOfAllowance(row.used, row.allowance, meter.display)
                          : `${row.used} / ${row.allowance}`}
                      </p>
                      <p className="mt-1 text-xs text-slate-500">
                        {row.ratio === null ? "No ratio" : `${Math.floor(row.ratio * 100)}% used`}
                        {row.resetsAt ? ` · resets ${formatDayYear(row.resetsAt)}` : " · one-time"}
                        {row.override !== null && " · override in force"}
                      </p>
                    </div>
                  );
                })}
              </div>
              <p className="border-t border-slate-100 px-5 py-3 text-xs text-slate-500">
                Period {formatDayYear(data.subscription.currentPeriodStart)} –{" "}
                {formatDayYear(data.subscription.currentPeriodEnd)} · billed {data.plan.interval}ly
              </p>
            </>
          )}
        </QueryView>
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <AssignPlan accountId={accountId} catalog={catalogData} />
        <SetOverride accountId={accountId} catalog={catalogData} />
      </div>
      <History accountId={accountId} planName={planName} />
    </div>
  );
}

function useAdminInvalidation() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
}

function AssignPlan({ accountId, catalog }: { accountId: string; catalog: CatalogData }) {
  const trpc = useTRPC();
  const invalidate = useAdminInvalidation();
  const [planId, setPlanId] = useState(catalog.description.plans[0]?.id ?? "");
  const [reason, setReason] = useState("");
  const assign = useMutation(
    trpc.admin.assignPlan.mutationOptions({
      onSuccess: async () => {
        setReason("");
        await invalidate();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    assign.mutate({ accountId, planId, reason });
  }

  return (
    <FormCard
      title="Assign a plan"
      description="Takes effect at once, including operator-only plans."
      onSubmit={submit}
    >
      <SelectField label="Plan" value={planId} onChange={(event) => setPlanId(event.target.value)}>
        {catalog.description.plans.map((plan) => (
          <option key={plan.id} value={plan.id}>
            {plan.name}
            {plan.selfServe ? "" : " (operator only)"}
          </option>
        ))}
      </SelectField>
      <ReasonField
        value={reason}
        onChange={setReason}
        hint="Recorded in the subscription history."
        error={assign.error}
      />
      <div className="flex items-center gap-3">
        <Button type="submit" busy={assign.isPending}>
          Assign plan
        </Button>
        {assign.isSuccess && (
          <p role="status" className="text-sm text-emerald-700">
            Plan assigned.
          </p>
        )}
      </div>
    </FormCard>
  );
}

function SetOverride({ accountId, catalog }: { accountId: string; catalog: CatalogData }) {
  const trpc = useTRPC();
  const invalidate = useAdminInvalidation();
  const meters = catalog.description.meters;
  const [meterId, setMeterId] = useState(meters[0]?.id ?? "");
  const [amount, setAmount] = useState("");
  const [unlimited, setUnlimited] = useState(false);
  const [reason, setReason] = useState("");
  const [inputError, setInputError] = useState<string | null>(null);
  const onSuccess = async () => {
    setReason("");
    await invalidate();
  };
  const set = useMutation(trpc.admin.setOverride.mutationOptions({ onSuccess }));
  const clear = useMutation(trpc.admin.clearOverride.mutationOptions({ onSuccess }));
  const meter = meters.find((item) => item.id === meterId);

  function submit(event: FormEvent) {
    event.preventDefault();
    setInputError(null);
    if (unlimited) {
      set.mutate({ accountId, meter: meterId, allowance: "unlimited", reason });
      return;
    }
    const value = Number(amount);
    const stored = value * (meter?.display.perStoredUnits ?? 1);
    if (amount.trim() === "" || !Number.isSafeInteger(stored) || stored < 0) {
      setInputError(`Enter a whole number of ${meter?.display.unit ?? "unit"}s, 0 or more.`);
      return;
    }
    set.mutate({ accountId, meter: meterId, allowance: stored, reason });
  }

  return (
    <FormCard
      title="Override a limit"
      description="Replaces the plan's allowance for this account."
      onSubmit={submit}
    >
      <SelectField
        label="Meter"
        value={meterId}
        onChange={(event) => setMeterId(event.target.value)}
      >
        {meters.map((item) => (
          <option key={item.id} value={item.id}>
            {item.name}
          </option>
        ))}
      </SelectField>
      <div className="flex flex-wrap items-end gap-4">
        <TextField
          className="flex-1"
          label={`Allowance (${meter?.display.unit ?? "unit"}s)`}
          type="number"
          min={0}
          step={1}
          inputMode="numeric"
          disabled={unlimited}
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
          error={inputError ?? undefined}
        />
        <label className="mb-2 flex items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            checked={unlimited}
            onChange={(event) => setUnlimited(event.target.checked)}
            className="size-4 rounded border-slate-300"
          />
          Unlimited
        </label>
      </div>
      <ReasonField value={reason} onChange={setReason} error={set.error ?? clear.error} />
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" busy={set.isPending}>
          Set override
        </Button>
        <Button
          variant="secondary"
          busy={clear.isPending}
          disabled={reason.trim().length < MIN_REASON_LENGTH}
          onClick={() => clear.mutate({ accountId, meter: meterId, reason })}
        >
          Clear override
        </Button>
        {(set.isSuccess || clear.isSuccess) && (
          <p role="status" className="text-sm text-emerald-700">
            Saved.
          </p>
        )}
      </div>
    </FormCard>
  );
}

/** An operator form in a card of its own, under a title that says what it does. */
function FormCard({
  title,
  description,
  onSubmit,
  children,
}: {
  title: string;
  description: string;
  onSubmit: (event: FormEvent) => void;
  children: ReactNode;
}) {
  return (
    <Card>
      <CardHeader title={title} description={description} />
      <form onSubmit={onSubmit} className="space-y-4 p-5">
        {children}
      </form>
    </Card>
  );
}

// The server's admin procedures take a reason of 3 to 500 characters for the audit history.
const MIN_REASON_LENGTH = 3;
const MAX_REASON_LENGTH = 500;

/** The reason every operator change must give, with the failure of the change beneath it. */
function ReasonField({
  value,
  onChange,
  hint,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  error: unknown;
}) {
  return (
    <TextField
      label="Reason"
      required
      minLength={MIN_REASON_LENGTH}
      maxLength={MAX_REASON_LENGTH}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      hint={hint}
      error={error ? errorMessage(error) : undefined}
    />
  );
}

function History({ accountId, planName }: { accountId: string; planName: (id: string) => string }) {
  const trpc = useTRPC();
  const history = useQuery(trpc.admin.history.queryOptions({ accountId, limit: 50 }));
  return (
    <Card>
      <CardHeader title="Subscription history" description="Every change, newest first." />
      <div className="p-5">
        <QueryView
          query={history}
          label="the history"
          isEmpty={(data) => data.items.length === 0}
          empty={<EmptyState title="No changes yet" />}
        >
          {(data) => (
            <ol className="space-y-3" data-testid="admin-history">
              {data.items.map((event) => (
                <li key={event.id} className="flex gap-3 text-sm">
                  <span
                    aria-hidden="true"
                    className="mt-1.5 size-2 shrink-0 rounded-full bg-brand-500"
                  />
                  <div>
                    <p className="font-medium text-slate-900">
                      {event.action.replaceAll("_", " ")}
                      {event.fromPlanId !== event.toPlanId && event.toPlanId && (
                        <span className="font-normal text-slate-600">
                          {" "}
                          {event.fromPlanId ? `${planName(event.fromPlanId)} → ` : "→ "}
                          {planName(event.toPlanId)}
                        </span>
                      )}
                      {event.isAdminAction && (
                        <span className="ml-2">
                          <Badge tone="warning">operator</Badge>
                        </span>
                      )}
                    </p>
                    {event.reason && <p className="text-slate-600">“{event.reason}”</p>}
                    <p className="text-xs text-slate-400">{formatTime(event.createdAt)}</p>
                  </div>
                </li>
              ))}
            </ol>
          )}
        </QueryView>
      </div>
    </Card>
  );
}
