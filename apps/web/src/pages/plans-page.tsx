import { comparePlans, isPlanId } from "@tally/tier-config";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { PlanChangeDialog } from "../components/plan-change-dialog";
import type { CatalogPlan, CompareMatrix, CurrentSubscription } from "../lib/api-types";
import { formatAllowance, formatCentsDecimal, formatDayYear, formatPrice } from "../lib/format";
import type { PlanAction } from "../lib/plan-change";
import { canChangePlan } from "../lib/plan-changers";
import { useTRPC } from "../lib/trpc";
import { type CatalogData, useCatalog } from "../lib/use-catalog";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { PageHeader } from "../ui/page-header";
import { ErrorState, LoadingState } from "../ui/query-states";

type Interval = "month" | "year";

export default function PlansPage() {
  const trpc = useTRPC();
  const catalog = useCatalog();
  const compare = useQuery(trpc.plans.compare.queryOptions());
  const current = useQuery(trpc.accounts.current.queryOptions());
  const [action, setAction] = useState<PlanAction | null>(null);
  const [interval, setInterval] = useState<Interval | null>(null);

  const queries = [catalog, compare, current];
  const failed = queries.find((query) => query.isError);
  const header = (
    <PageHeader
      title="Plans"
      description="Upgrades apply at once; downgrades and cancellations at the end of your billing period."
    />
  );
  if (failed) {
    return (
      <>
        {header}
        <ErrorState
          title="Could not load the plans"
          error={failed.error}
          onRetry={() => {
            for (const query of queries) if (query.isError) void query.refetch();
          }}
        />
      </>
    );
  }
  if (!catalog.data || !compare.data || !current.data) {
    return (
      <>
        {header}
        <LoadingState label="the plans" rows={4} />
      </>
    );
  }

  const subscription = current.data.subscription;
  const shownInterval: Interval = interval ?? subscription.interval ?? "month";
  const canChange = canChangePlan(current.data.role);

  return (
    <>
      {header}
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <fieldset className="inline-flex rounded-lg bg-slate-100 p-1">
          <legend className="sr-only">Billing interval</legend>
          {(["month", "year"] as const).map((value) => (
            <label
              key={value}
              className={`cursor-pointer rounded-md px-3 py-1.5 text-sm font-medium has-focus-visible:outline-2 has-focus-visible:outline-brand-600 ${
                shownInterval === value ? "bg-white text-slate-900 shadow-sm" : "text-slate-600"
              }`}
            >
              <input
                type="radio"
                name="interval"
                value={value}
                checked={shownInterval === value}
                onChange={() => setInterval(value)}
                className="sr-only"
              />
              {value === "month" ? "Monthly" : annualLabel(catalog.data.description.plans)}
            </label>
          ))}
        </fieldset>
        {canChange && <CancelOrResume subscription={subscription} onAction={setAction} />}
      </div>
      {!canChange && (
        <p className="mb-4 rounded-lg bg-slate-100 px-3 py-2 text-sm text-slate-600">
          Only the account's owners, admins and billing members can change its plan.
        </p>
      )}
      <ComparisonTable
        catalog={catalog.data}
        compare={compare.data}
        subscription={subscription}
        interval={shownInterval}
        canChange={canChange}
        onAction={setAction}
      />
      <PlanChangeDialog
        action={action}
        catalog={catalog.data}
        subscription={subscription}
        onClose={() => setAction(null)}
      />
    </>
  );
}

/** "Annual · save 17%", from the best saving any plan gives for paying yearly. */
function annualLabel(plans: readonly CatalogPlan[]): string {
  let bestPercent = 0;
  for (const plan of plans) {
    const twelveMonths = plan.priceMonthlyCents * 12;
    if (twelveMonths === 0) continue;
    bestPercent = Math.max(
      bestPercent,
      Math.floor(((twelveMonths - plan.priceAnnualCents) * 100) / twelveMonths),
    );
  }
  return bestPercent > 0 ? `Annual · save ${bestPercent}%` : "Annual";
}

function CancelOrResume({
  subscription,
  onAction,
}: {
  subscription: CurrentSubscription;
  onAction: (action: PlanAction) => void;
}) {
  if (subscription.cancelAt) {
    return (
      <div className="flex flex-wrap items-center gap-3">
        <p className="text-sm text-amber-800">
          Your plan ends on {formatDayYear(subscription.cancelAt)}.
        </p>
        <Button variant="secondary" onClick={() => onAction({ kind: "resume" })}>
          Resume {subscription.plan.name}
        </Button>
      </div>
    );
  }
  if (subscription.plan.level === 0 || subscription.status === "canceled") return null;
  return (
    <Button variant="ghost" onClick={() => onAction({ kind: "cancel" })}>
      Cancel plan
    </Button>
  );
}

function ComparisonTable({
  catalog,
  compare,
  subscription,
  interval,
  canChange,
  onAction,
}: {
  catalog: CatalogData;
  compare: CompareMatrix;
  subscription: CurrentSubscription;
  interval: Interval;
  canChange: boolean;
  onAction: (action: PlanAction) => void;
}) {
  const [params] = useSearchParams();
  const highlight = params.get("highlight");
  const plans = catalog.description.plans;
  const currency = catalog.description.catalog.currency;
  const columnClass = (plan: CatalogPlan) =>
    plan.id === subscription.plan.id
      ? "bg-brand-50/60"
      : plan.id === highlight
        ? "bg-amber-50/70"
        : "";

  return (
    <Card className="overflow-hidden">
      {/* A phone shows the row names and about one plan; the rest are a sideways swipe away,
          which nothing on the screen would otherwise tell. */}
      <p
        className="border-b border-slate-100 px-4 py-2 text-xs text-slate-500 sm:hidden"
        aria-hidden="true"
      >
        Swipe the table sideways to compare all {plans.length} plans →
      </p>
      <div className="overflow-x-auto">
        <table
          className="w-full min-w-[44rem] table-fixed border-collapse text-sm"
          data-testid="plan-table"
        >
          <caption className="sr-only">
            Plans compared by price, allowances, overage and modules
          </caption>
          <thead>
            <tr className="border-b border-slate-200">
              <th
                scope="col"
                className="sticky left-0 z-10 w-32 bg-white sm:w-44 px-4 py-4 text-left align-bottom text-xs font-medium text-slate-500 uppercase"
              >
                Plan
              </th>
              {plans.map((plan) => (
                <th
                  key={plan.id}
                  scope="col"
                  data-testid={`plan-column-${plan.id}`}
                  className={`px-4 py-4 text-left align-top ${columnClass(plan)}`}
                >
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="text-base font-semibold text-slate-900">{plan.name}</span>
                    {plan.id === subscription.plan.id && <Badge tone="brand">Current</Badge>}
                    {plan.id === highlight && plan.id !== subscription.plan.id && (
                      <Badge tone="warning">Suggested</Badge>
                    )}
                  </div>
                  <p className="mt-1 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums">
                    {formatPrice(
                      interval === "year" ? plan.priceAnnualCents : plan.priceMonthlyCents,
                      interval,
                      currency,
                    )}
                  </p>
                  {plan.trialDays !== null && (
                    <p className="text-xs text-slate-500">{plan.trialDays}-day free trial</p>
                  )}
                  <div className="mt-3">
                    <PlanActionButton
                      plan={plan}
                      catalog={catalog}
                      subscription={subscription}
                      interval={interval}
                      canChange={canChange}
                      onAction={onAction}
                    />
                  </div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {compare.meters.map((row) => (
              <tr key={row.meterId}>
                <th
                  scope="row"
                  className="sticky left-0 z-10 bg-white px-4 py-3 text-left font-medium text-slate-700"
                >
                  {row.name}
                </th>
                {plans.map((plan) => {
                  const entitlement = plan.meters.find((meter) => meter.meterId === row.meterId);
                  const display = catalog.metersById.get(row.meterId)?.display ?? row.display;
                  return (
                    <td key={plan.id} className={`px-4 py-3 align-top ${columnClass(plan)}`}>
                      {entitlement ? (
                        <>
                          <p className="font-medium text-slate-900">
                            {formatAllowance(entitlement.allowance, display)}
                            {entitlement.reset === "never" &&
                              entitlement.allowance !== 0 &&
                              " once"}
                            {entitlement.reset === "day" && " a day"}
                          </p>
                          <p className="mt-0.5 text-xs text-slate-500">
                            {overageText(
                              entitlement.overage,
                              entitlement.allowance,
                              display,
                              currency,
                            )}
                          </p>
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
            {compare.moduleGroups.map((row) => (
              <tr key={row.groupId}>
                <th
                  scope="row"
                  className="sticky left-0 z-10 bg-white px-4 py-3 text-left font-medium text-slate-700"
                >
                  {row.name} modules
                </th>
                {plans.map((plan, index) => {
                  const count = row.cells[index] ?? 0;
                  return (
                    <td key={plan.id} className={`px-4 py-3 ${columnClass(plan)}`}>
                      {count === row.modules ? (
                        <span className="font-medium text-emerald-700">All {row.modules}</span>
                      ) : count === 0 ? (
                        <span className="text-slate-400">—</span>
                      ) : (
                        `${count} of ${row.modules}`
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
            {compare.features.map((row) => (
              <tr key={row.featureId}>
                <th
                  scope="row"
                  className="sticky left-0 z-10 bg-white px-4 py-3 text-left font-medium text-slate-700"
                >
                  {row.name}
                </th>
                {plans.map((plan, index) => (
                  <td key={plan.id} className={`px-4 py-3 ${columnClass(plan)}`}>
                    {row.cells[index] ? (
                      <span className="text-emerald-700">Included</span>
                    ) : (
                      <span className="text-slate-400">—</span>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function overageText(
  overage: CatalogPlan["meters"][number]["overage"],
  allowance: number | "unlimited",
  display: { unit: string; perStoredUnits: number },
  currency: string,
): string {
  if (allowance === "unlimited") return "No limit";
  switch (overage.kind) {
    case "block":
      return allowance === 0 ? "Upgrade to use" : "Stops at the limit";
    case "grace":
      return `Grace up to ${Math.round(Number(overage.graceRatio) * 100)}%, then stops`;
    case "per_unit": {
      const perUnits = overage.billingUnitSize / display.perStoredUnits;
      const unit = perUnits === 1 ? display.unit : `${perUnits} ${display.unit}s`;
      const cap =
        overage.capCents === undefined
          ? ""
          : `, capped at ${formatPrice(overage.capCents, "month", currency).replace("/mo", "")} a period`;
      return `Then ${formatCentsDecimal(overage.unitPriceCentsDecimal, currency)} per ${unit}${cap}`;
    }
  }
}

function PlanActionButton({
  plan,
  catalog,
  subscription,
  interval,
  canChange,
  onAction,
}: {
  plan: CatalogPlan;
  catalog: CatalogData;
  subscription: CurrentSubscription;
  interval: Interval;
  canChange: boolean;
  onAction: (action: PlanAction) => void;
}) {
  const currentId = subscription.plan.id;
  if (plan.id === currentId) {
    return subscription.interval && subscription.interval !== interval ? (
      <p className="text-xs font-normal text-slate-500">
        You are billed {subscription.interval === "year" ? "annually" : "monthly"}
      </p>
    ) : (
      <p className="text-xs font-normal text-slate-500">Your plan</p>
    );
  }
  if (!plan.selfServe) {
    return <p className="text-xs font-normal text-slate-500">Assigned by our team</p>;
  }
  if (subscription.scheduledChange?.planId === plan.id) {
    return (
      <p className="text-xs font-normal text-slate-600">
        Starts {formatDayYear(subscription.scheduledChange.at)}
      </p>
    );
  }
  const { catalog: tiers } = catalog;
  if (!isPlanId(tiers, currentId) || !isPlanId(tiers, plan.id)) return null;
  const change = comparePlans(tiers, currentId, plan.id);
  if (change === "same") return null;
  return (
    <Button
      size="sm"
      variant={change === "upgrade" ? "primary" : "secondary"}
      disabled={!canChange}
      className="w-full"
      data-testid={`plan-action-${plan.id}`}
      onClick={() => onAction({ kind: change, planId: plan.id, interval })}
    >
      {change === "upgrade" ? `Upgrade to ${plan.name}` : `Downgrade`}
    </Button>
  );
}
