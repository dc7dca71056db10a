import { useQuery } from "@tanstack/react-query";
import { formatCents, formatDayYear, formatUsedOfAllowance } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { type CatalogMeter, useCatalog } from "../../lib/use-catalog";
import { Card, CardHeader } from "../../ui/card";
import { type Column, cellClass, DataTable } from "../../ui/data-table";
import { EmptyState, QueryView } from "../../ui/query-states";
import { Stat } from "../../ui/stat";

const statisticsColumns: readonly Column[] = [
  { key: "plan", label: "Plan" },
  { key: "accounts", label: "Accounts", align: "right" },
  { key: "status", label: "By status" },
];

const percent = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 });

/** Platform-wide numbers: plans, who is over a limit today, and last week's conversions. */
export function PlatformStats() {
  const trpc = useTRPC();
  const catalog = useCatalog();
  const statistics = useQuery(trpc.admin.statistics.queryOptions());
  const overLimit = useQuery(trpc.admin.overLimitToday.queryOptions());
  const weekly = useQuery(trpc.admin.weeklyReport.queryOptions({}));
  const plans = catalog.data?.description.plans ?? [];
  const meters = catalog.data?.metersById ?? new Map<string, CatalogMeter>();
  const planName = (planId: string) => catalog.data?.planNames.get(planId) ?? planId;
  const currency = catalog.data?.description.catalog.currency ?? "usd";
  const planOrder = (planId: string) => {
    const index = plans.findIndex((plan) => plan.id === planId);
    return index === -1 ? plans.length : index;
  };

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card>
        <CardHeader title="Plans" description="Accounts per plan and status." />
        <div className="p-5">
          <QueryView
            query={statistics}
            label="plan statistics"
            isEmpty={(data) => data.byPlan.length === 0}
            empty={<EmptyState title="No subscriptions yet" />}
          >
            {(data) => (
              <>
                <p className="mb-4 text-sm text-slate-600">
                  Monthly recurring revenue{" "}
                  <strong className="text-lg font-semibold text-slate-900 tabular-nums">
                    {formatCents(data.monthlyRecurringCents, currency)}
                  </strong>
                </p>
                <DataTable columns={statisticsColumns} testId="admin-statistics">
                  {[...data.byPlan]
                    .sort((a, b) => planOrder(a.planId) - planOrder(b.planId))
                    .map((row) => (
                      <tr key={row.planId}>
                        <td className={`${cellClass} font-medium`}>{planName(row.planId)}</td>
                        <td className={`${cellClass} text-right tabular-nums`}>{row.accounts}</td>
                        <td className={`${cellClass} text-slate-600`}>
                          {Object.entries(row.byStatus)
                            .map(([status, count]) => `${count} ${status.replaceAll("_", " ")}`)
                            .join(", ")}
                        </td>
                      </tr>
                    ))}
                </DataTable>
              </>
            )}
          </QueryView>
        </div>
      </Card>
      <Card>
        <CardHeader
          title="Over a limit today"
          description="Accounts at or past an allowance, touched today."
        />
        <div className="p-5">
          <QueryView
            query={overLimit}
            label="accounts over a limit"
            isEmpty={(data) => data.length === 0}
            empty={<EmptyState title="Nobody is over a limit today" />}
          >
            {(data) => (
              <ul className="divide-y divide-slate-100" data-testid="admin-over-limit">
                {data.map((row) => {
                  const meter = meters.get(row.meterId);
                  return (
                    <li
                      key={`${row.accountId}-${row.meterId}`}
                      className="flex flex-wrap justify-between gap-2 py-2 text-sm"
                    >
                      <span>
                        <span className="font-medium">{row.name}</span>{" "}
                        <span className="text-slate-500">· {planName(row.planId)}</span>
                      </span>
                      <span className="text-slate-600 tabular-nums">
                        {meter
                          ? formatUsedOfAllowance(row.used, row.limit, meter.display)
                          : `${row.used} / ${row.limit}`}{" "}
                        {meter?.name ?? row.meterId}
                      </span>
                    </li>
                  );
                })}
              </ul>
            )}
          </QueryView>
        </div>
      </Card>
      <Card className="lg:col-span-2">
        <CardHeader
          title="Last week"
          description="Free-to-paid conversions over the seven days before today (UTC)."
        />
        <div className="p-5">
          <QueryView query={weekly} label="the weekly report">
            {(data) => (
              <div data-testid="admin-weekly">
                <p className="mb-4 text-sm text-slate-500">
                  {formatDayYear(data.weekStart)} –{" "}
                  {/* The week is half-open; its last day is the one before weekEnd. */}
                  {formatDayYear(new Date(Date.parse(data.weekEnd) - 86_400_000).toISOString())}
                </p>
                <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
                  <Stat surface="inset" label="New accounts" value={String(data.newAccounts)} />
                  <Stat surface="inset" label="Conversions" value={String(data.conversions)} />
                  <Stat
                    surface="inset"
                    label="Conversion rate"
                    value={percent.format(data.conversionRate)}
                  />
                  <Stat
                    surface="inset"
                    label="Paying accounts"
                    value={String(
                      data.accountsPerPlan
                        .filter(
                          (row) =>
                            (plans.find((plan) => plan.id === row.planId)?.priceMonthlyCents ?? 0) >
                            0,
                        )
                        .reduce((sum, row) => sum + row.accounts, 0),
                    )}
                  />
                </dl>
              </div>
            )}
          </QueryView>
        </div>
      </Card>
    </div>
  );
}
