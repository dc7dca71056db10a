import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { AlertBanners } from "../components/alert-banners";
import { MeterCard } from "../components/meter-card";
import { PlanChangeDialog } from "../components/plan-change-dialog";
import { PlanStatus } from "../components/plan-status";
import { TryVoice } from "../components/try-voice";
import { UpgradePrompt } from "../components/upgrade-prompt";
import type { MeterSummary } from "../lib/api-types";
import { meterLevel } from "../lib/meter-level";
import { overagePreview, overagePreviewText } from "../lib/overage-preview";
import type { PlanAction } from "../lib/plan-change";
import { canChangePlan } from "../lib/plan-changers";
import { useTRPC } from "../lib/trpc";
import { upgradeAdvice } from "../lib/upgrade-advice";
import { useCatalog } from "../lib/use-catalog";
import { Card } from "../ui/card";
import { PageHeader } from "../ui/page-header";
import { EmptyState, ErrorState, LoadingState } from "../ui/query-states";

const VOICE_METER = "ai_voice_seconds";

export default function OverviewPage() {
  const trpc = useTRPC();
  const catalog = useCatalog();
  const current = useQuery(trpc.accounts.current.queryOptions());
  const summary = useQuery(trpc.usage.summary.queryOptions());
  const [action, setAction] = useState<PlanAction | null>(null);

  const queries = [catalog, current, summary];
  const failed = queries.find((query) => query.isError);
  if (failed) {
    return (
      <>
        <PageHeader title="Overview" />
        <ErrorState
          title="Could not load your overview"
          error={failed.error}
          onRetry={() => {
            for (const query of queries) if (query.isError) void query.refetch();
          }}
        />
      </>
    );
  }
  if (!catalog.data || !current.data || !summary.data) {
    return (
      <>
        <PageHeader title="Overview" />
        <LoadingState label="your overview" rows={4} />
      </>
    );
  }

  const { planNames, metersById } = catalog.data;
  const currency = catalog.data.description.catalog.currency;
  const subscription = current.data.subscription;
  const preview = overagePreview(summary.data);
  const advice = upgradeAdvice(catalog.data.catalog, subscription.plan.id, summary.data);
  const hasVoice = summary.data.some((meter) => meter.meterId === VOICE_METER);

  return (
    <>
      <PageHeader
        title="Overview"
        description={`${current.data.account.name} · usage this period`}
      />
      <div className="space-y-6">
        <AlertBanners
          meters={metersById}
          currentPeriodStartOf={
            new Map(summary.data.map((meter) => [meter.meterId, meter.periodStart]))
          }
        />
        <PlanStatus subscription={subscription} planNames={planNames} />
        {advice?.kind === "upgrade" && (
          <UpgradePrompt
            advice={advice}
            currentPlanName={subscription.plan.name}
            currentPriceCents={
              catalog.data.description.plans.find((plan) => plan.id === subscription.plan.id)
                ?.priceMonthlyCents ?? 0
            }
            situation={pressingSituation(
              summary.data.filter((meter) => advice.meterIds.includes(meter.meterId)),
            )}
            suggestedPriceCents={
              catalog.data.description.plans.find((plan) => plan.id === advice.planId)
                ?.priceMonthlyCents ?? 0
            }
            currency={currency}
            canChangePlan={canChangePlan(current.data.role)}
            onUpgrade={() =>
              setAction({
                kind: "upgrade",
                planId: advice.planId,
                interval: subscription.interval ?? "month",
              })
            }
          />
        )}
        {preview && (
          <Card data-testid="overage-preview" className="flex flex-wrap items-center gap-3 p-5">
            <div className="grid size-9 place-items-center rounded-lg bg-amber-100 text-amber-800">
              <span aria-hidden="true" className="text-lg font-semibold">
                $
              </span>
            </div>
            <div>
              <h2 className="text-sm font-semibold text-slate-900">Overage this period</h2>
              <p className="text-sm text-slate-600">{overagePreviewText(preview, currency)}</p>
            </div>
          </Card>
        )}
        <section aria-labelledby="meters-title">
          <h2 id="meters-title" className="mb-3 text-sm font-semibold text-slate-900">
            Usage
          </h2>
          {summary.data.length === 0 ? (
            <EmptyState title="Nothing is metered on your plan">
              Your plan has no usage limits to watch.
            </EmptyState>
          ) : (
            <div className="grid gap-4 sm:grid-cols-2">
              {summary.data.map((meter) => (
                <MeterCard key={meter.meterId} meter={meter} currency={currency} />
              ))}
            </div>
          )}
        </section>
        {hasVoice && <TryVoice planNames={planNames} />}
      </div>
      <PlanChangeDialog
        action={action}
        catalog={catalog.data}
        subscription={subscription}
        onClose={() => setAction(null)}
      />
    </>
  );
}

/**
 * "You have used up your human coach calls and are on pace to run out of AI voice minutes."
 * Meters at their allowance are used up; the others are pressing because of their pace.
 */
function pressingSituation(meters: readonly MeterSummary[]): string {
  // "Human coach calls" reads "human coach calls" mid-sentence; "AI voice minutes" keeps its acronym.
  const name = ({ name }: MeterSummary) =>
    /^[A-Z][a-z]/.test(name) ? name.charAt(0).toLowerCase() + name.slice(1) : name;
  const names = (list: readonly MeterSummary[]) => list.map(name).join(" and ");
  const usedUp = meters.filter(
    (meter) => meterLevel(meter.used, meter.allowance, meter.thresholdsPercent) === "blocked",
  );
  const nearing = meters.filter((meter) => !usedUp.includes(meter));
  if (usedUp.length === 0) return `You are on pace to run out of ${names(nearing)}.`;
  if (nearing.length === 0) return `You have used up your ${names(usedUp)}.`;
  return `You have used up your ${names(usedUp)} and are on pace to run out of ${names(nearing)}.`;
}
