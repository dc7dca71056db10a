import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ChargeDescription } from "../components/charge-description";
import { InvoiceRow } from "../components/invoice-row";
import { formatCents, formatDayYear } from "../lib/format";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/button";
import { Card, CardHeader } from "../ui/card";
import { type Column, DataTable } from "../ui/data-table";
import { PageHeader } from "../ui/page-header";
import { EmptyState, QueryView } from "../ui/query-states";
import { Stat } from "../ui/stat";

const INVOICE_PAGE_SIZE = 10;

const invoiceColumns: readonly Column[] = [
  { key: "period", label: "Period" },
  { key: "number", label: "Number" },
  { key: "status", label: "Status" },
  { key: "total", label: "Total", align: "right" },
  { key: "link", label: <span className="sr-only">Link</span> },
];

interface Line {
  id?: string;
  kind: "base" | "seats" | "overage";
  meterId: string | null;
  description: string;
  quantity: number;
  billableUnits: number;
  capped: boolean;
  amountCents: number;
}

export default function BillingPage() {
  const trpc = useTRPC();
  const upcoming = useQuery(trpc.billing.upcoming.queryOptions());
  const stripeMissing = upcoming.data?.stripeConfigured === false;
  return (
    <>
      <PageHeader title="Billing" description="What this period costs so far, and every invoice." />
      <div className="space-y-6">
        {stripeMissing && (
          <div
            role="status"
            data-testid="stripe-not-configured"
            className="rounded-xl border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
          >
            <p className="font-semibold">Payments are not connected</p>
            <p>
              Stripe is not configured on this server, so no invoice is sent or charged. The amounts
              below are computed from your usage all the same.
            </p>
          </div>
        )}
        <QueryView query={upcoming} label="the upcoming invoice" loadingRows={1}>
          {(data) => (
            <dl className="grid gap-4 sm:grid-cols-3" data-testid="billing-upcoming">
              <Stat
                surface="card"
                label="So far this period"
                value={formatCents(data.soFarCents, data.currency)}
              />
              <Stat
                surface="card"
                label="Projected at this pace"
                value={formatCents(data.projectedCents, data.currency)}
              />
              <Stat surface="card" label="Next invoice" value={formatDayYear(data.invoiceAt)} />
            </dl>
          )}
        </QueryView>
        <CurrentPeriod />
        <Invoices />
      </div>
    </>
  );
}

function CurrentPeriod() {
  const trpc = useTRPC();
  const period = useQuery(trpc.billing.currentPeriod.queryOptions());
  return (
    <Card>
      <QueryView query={period} label="this period's charges" loadingRows={2}>
        {(data) => (
          <>
            <CardHeader
              title="This period"
              description={`${formatDayYear(data.periodStart)} – ${formatDayYear(data.periodEnd)}`}
            />
            <div className="grid gap-6 p-5 lg:grid-cols-2">
              <LineTable
                caption="So far"
                lines={data.lines}
                totalCents={data.totalCents}
                currency={data.currency}
                testId="billing-lines"
              />
              <LineTable
                caption="Projected at this pace"
                lines={data.projected.lines}
                totalCents={data.projected.totalCents}
                currency={data.currency}
                testId="billing-projected"
              />
            </div>
          </>
        )}
      </QueryView>
    </Card>
  );
}

function LineTable({
  caption,
  lines,
  totalCents,
  currency,
  testId,
}: {
  caption: string;
  lines: readonly Line[];
  totalCents: number;
  currency: string;
  testId: string;
}) {
  return (
    <table className="w-full text-sm" data-testid={testId}>
      <caption className="mb-2 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
        {caption}
      </caption>
      <tbody className="divide-y divide-slate-100">
        {lines.length === 0 && (
          <tr>
            <td className="py-2 text-slate-500">No charges</td>
          </tr>
        )}
        {lines.map((line) => (
          <tr key={line.id ?? `${line.kind}-${line.meterId ?? ""}-${line.description}`}>
            <td className="py-2 pr-3 text-slate-700">
              <ChargeDescription description={line.description} capped={line.capped} />
            </td>
            <td className="py-2 text-right tabular-nums">
              {formatCents(line.amountCents, currency)}
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr className="border-t border-slate-300">
          <th scope="row" className="py-2 text-left font-semibold">
            Total
          </th>
          <td className="py-2 text-right font-semibold tabular-nums">
            {formatCents(totalCents, currency)}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

function Invoices() {
  const trpc = useTRPC();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const invoices = useQuery(
    trpc.billing.invoices.queryOptions({ limit: INVOICE_PAGE_SIZE, cursor: cursors.at(-1) }),
  );
  return (
    <Card>
      <CardHeader title="Invoices" description="Newest first." />
      <div className="p-5">
        <QueryView
          query={invoices}
          label="invoices"
          isEmpty={(data) => data.items.length === 0 && cursors.length === 1}
          empty={
            <EmptyState title="No invoices yet">
              Your first invoice is created when this billing period closes.
            </EmptyState>
          }
        >
          {(data) => (
            <>
              <DataTable columns={invoiceColumns} testId="invoice-list" stackOnPhone>
                {data.items.map((invoice) => (
                  <InvoiceRow key={invoice.id} invoice={invoice} />
                ))}
              </DataTable>
              <nav aria-label="Invoice pages" className="mt-4 flex justify-end gap-2">
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={cursors.length === 1}
                  onClick={() => setCursors((previous) => previous.slice(0, -1))}
                >
                  Newer
                </Button>
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={data.nextCursor === null}
                  onClick={() => {
                    const next = data.nextCursor;
                    if (next !== null) setCursors((previous) => [...previous, next]);
                  }}
                >
                  Older
                </Button>
              </nav>
            </>
          )}
        </QueryView>
      </div>
    </Card>
  );
}
