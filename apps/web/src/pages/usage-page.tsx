import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { UsageChart } from "../components/usage-chart";
import type { MeterSummary } from "../lib/api-types";
import { formatDayYear, formatQuantity, formatTime, formatUsedOfAllowance } from "../lib/format";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/button";
import { Card, CardHeader } from "../ui/card";
import {
  type Column,
  cellClass,
  DataTable,
  stackedCellClass,
  stackedRowClass,
} from "../ui/data-table";
import { SelectField, TextField } from "../ui/field";
import { PageHeader } from "../ui/page-header";
import { EmptyState, QueryView } from "../ui/query-states";

/** A call log cell: the table's padding, none on a phone's stacked row. */
const cell = `${cellClass} ${stackedCellClass}`;

const logColumns: readonly Column[] = [
  { key: "time", label: "Time" },
  { key: "meter", label: "Meter" },
  { key: "quantity", label: "Quantity", align: "right" },
  { key: "procedure", label: "Procedure" },
  { key: "who", label: "Who" },
];

const PAGE_SIZE = 25;

export default function UsagePage() {
  const trpc = useTRPC();
  const summary = useQuery(trpc.usage.summary.queryOptions());
  return (
    <>
      <PageHeader title="Usage" description="Every metered call this account made, day by day." />
      <div className="space-y-6">
        <QueryView
          query={summary}
          label="usage"
          isEmpty={(data) => data.length === 0}
          empty={<EmptyState title="Nothing is metered on your plan" />}
        >
          {(meters) => (
            <>
              <div className="grid gap-6 lg:grid-cols-2">
                {meters.map((meter) => (
                  <MeterChartCard key={meter.meterId} meter={meter} />
                ))}
              </div>
              <CallLog meters={meters} />
            </>
          )}
        </QueryView>
      </div>
    </>
  );
}

function MeterChartCard({ meter }: { meter: MeterSummary }) {
  const trpc = useTRPC();
  const daily = useQuery(trpc.usage.daily.queryOptions({ meter: meter.meterId }));
  return (
    <Card data-testid={`usage-chart-${meter.meterId}`}>
      <CardHeader
        title={meter.name}
        description={`${
          meter.allowance === 0
            ? `${formatQuantity(meter.used, meter.display)} · not included in your plan`
            : formatUsedOfAllowance(meter.used, meter.allowance, meter.display)
        } · ${
          meter.resetsAt
            ? `${formatDayYear(meter.periodStart)} – ${formatDayYear(meter.resetsAt)}`
            : "one-time allowance"
        }`}
      />
      <div className="p-4">
        <QueryView
          query={daily}
          label={`${meter.name} history`}
          loadingRows={1}
          isEmpty={(data) => data.days.every((day) => day.used === 0)}
          empty={<EmptyState title="No usage this period" />}
        >
          {(data) => (
            <UsageChart
              days={data.days}
              allowance={data.allowance}
              perStoredUnits={meter.display.perStoredUnits}
              unit={meter.display.unit}
              title={meter.name}
            />
          )}
        </QueryView>
      </div>
    </Card>
  );
}

/** Local date input ("2026-11-05") to the UTC instant at that day's start, or undefined. */
function dayStart(value: string): string | undefined {
  return value === "" ? undefined : new Date(`${value}T00:00:00.000Z`).toISOString();
}

function dayAfter(value: string): string | undefined {
  const start = dayStart(value);
  return start === undefined ? undefined : new Date(Date.parse(start) + 86_400_000).toISOString();
}

function CallLog({ meters }: { meters: readonly MeterSummary[] }) {
  const trpc = useTRPC();
  const [meter, setMeter] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  // The cursors of the pages before this one, so "Previous" can go back.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const input = {
    meter: meter || undefined,
    from: dayStart(from),
    to: dayAfter(to),
    cursor,
    limit: PAGE_SIZE,
  };
  const log = useQuery({
    ...trpc.usage.log.queryOptions(input),
    placeholderData: keepPreviousData,
  });
  const members = useQuery(trpc.accounts.members.queryOptions());
  const keys = useQuery({ ...trpc.accounts.apiKeys.queryOptions(), retry: false });
  const meterById = new Map(meters.map((item) => [item.meterId, item]));
  const memberName = new Map(members.data?.map((member) => [member.userId, member.name]) ?? []);
  const keyName = new Map(keys.data?.map((key) => [key.id, key.name]) ?? []);

  function resetPaging() {
    setCursors([undefined]);
  }

  return (
    <Card>
      <CardHeader
        title="Call log"
        description="Newest first. Releases give back usage that a failed call reserved."
      />
      <form
        className="grid gap-3 border-b border-slate-100 px-5 py-4 sm:grid-cols-3"
        onSubmit={(event) => event.preventDefault()}
        aria-label="Filter the call log"
      >
        <SelectField
          label="Meter"
          value={meter}
          onChange={(event) => {
            setMeter(event.target.value);
            resetPaging();
          }}
        >
          <option value="">All meters</option>
          {meters.map((item) => (
            <option key={item.meterId} value={item.meterId}>
              {item.name}
            </option>
          ))}
        </SelectField>
        <TextField
          label="From (UTC day)"
          type="date"
          value={from}
          onChange={(event) => {
            setFrom(event.target.value);
            resetPaging();
          }}
        />
        <TextField
          label="To (UTC day, inclusive)"
          type="date"
          value={to}
          min={from || undefined}
          onChange={(event) => {
            setTo(event.target.value);
            resetPaging();
          }}
        />
      </form>
      <div className="p-5">
        <QueryView
          query={log}
          label="the call log"
          isEmpty={(data) => data.items.length === 0}
          empty={
            <EmptyState title="No calls match">
              {meter || from || to
                ? "Try a wider date range or another meter."
                : "Usage appears here as soon as your product reports it."}
            </EmptyState>
          }
        >
          {(data) => (
            <>
              <DataTable
                columns={logColumns}
                testId="usage-log"
                stackOnPhone
                minWidthClass="sm:min-w-[36rem]"
                bodyClassName={log.isPlaceholderData ? "opacity-60" : ""}
              >
                {data.items.map((item) => {
                  const info = meterById.get(item.meterId);
                  const quantity = info
                    ? formatQuantity(item.quantity, info.display)
                    : `${item.quantity}`;
                  return (
                    <tr
                      key={item.id}
                      className={`${stackedRowClass} max-sm:grid-cols-[1fr_auto] max-sm:gap-y-1`}
                    >
                      <td
                        className={`${cell} whitespace-nowrap text-slate-600 tabular-nums max-sm:order-1`}
                      >
                        {formatTime(item.occurredAt)}
                      </td>
                      <td
                        className={`${cell} text-slate-900 max-sm:order-3 max-sm:col-span-2 max-sm:font-medium`}
                      >
                        {info?.name ?? item.meterId}
                      </td>
                      <td
                        className={`${cell} text-right whitespace-nowrap tabular-nums max-sm:order-2`}
                      >
                        {item.kind === "release" ? (
                          <span className="text-emerald-700">−{quantity} released</span>
                        ) : (
                          quantity
                        )}
                      </td>
                      <td
                        className={`${cell} font-mono text-xs break-all text-slate-600 max-sm:order-4`}
                      >
                        {item.procedure ?? "—"}
                      </td>
                      <td className={`${cell} text-slate-600 max-sm:order-5 max-sm:text-right`}>
                        {item.actorUserId
                          ? (memberName.get(item.actorUserId) ?? "A former member")
                          : item.apiKeyId
                            ? `API key ${keyName.get(item.apiKeyId) ?? ""}`.trim()
                            : "System"}
                      </td>
                    </tr>
                  );
                })}
              </DataTable>
              <nav
                aria-label="Call log pages"
                className="mt-4 flex items-center justify-between gap-3"
              >
                <p className="text-xs text-slate-500">Page {cursors.length}</p>
                <div className="flex gap-2">
                  <Button
                    size="sm"
                    variant="secondary"
                    disabled={cursors.length === 1}
                    onClick={() => setCursors((previous) => previous.slice(0, -1))}
                  >
                    Previous
                  </Button>
                  <Button
                    size="sm"
                    variant="secondary"
                    disabled={data.nextCursor === null || log.isPlaceholderData}
                    onClick={() => {
                      const next = data.nextCursor;
                      if (next !== null) setCursors((previous) => [...previous, next]);
                    }}
                  >
                    Next
                  </Button>
                </div>
              </nav>
            </>
          )}
        </QueryView>
      </div>
    </Card>
  );
}
