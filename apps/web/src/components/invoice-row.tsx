import { useId, useState } from "react";
import type { InvoiceItem } from "../lib/api-types";
import { formatCents, formatDayYear } from "../lib/format";
import { Badge, type Tone } from "../ui/badge";
import { cellClass, stackedCellClass, stackedRowClass } from "../ui/data-table";
import { ChargeDescription } from "./charge-description";

const statusTone: Record<string, { tone: Tone; label: string }> = {
  draft: { tone: "neutral", label: "Draft" },
  open: { tone: "brand", label: "Open" },
  paid: { tone: "success", label: "Paid" },
  void: { tone: "neutral", label: "Void" },
  uncollectible: { tone: "danger", label: "Uncollectible" },
  attention: { tone: "warning", label: "Needs attention" },
};

const unitCount = new Intl.NumberFormat("en-US");

/**
 * One invoice of the history as two rows of a `DataTable` drawn `stackOnPhone`: its summary, whose
 * period is a disclosure button, and the lines it charged, shown when the button is pressed. The
 * lines row stays in the document while hidden, so the button's `aria-controls` always points at
 * it. Below `sm` the summary is a card: period and total on the first line, then status, number and
 * link; the cells keep their table order, so the grid places them with `order`.
 */
export function InvoiceRow({ invoice }: { invoice: InvoiceItem }) {
  const [expanded, setExpanded] = useState(false);
  const linesId = useId();
  const status = statusTone[invoice.status] ?? { tone: "neutral" as const, label: invoice.status };
  const period = `${formatDayYear(invoice.periodStart)} – ${formatDayYear(invoice.periodEnd)}`;
  return (
    <>
      <tr
        data-testid="invoice-row"
        data-status={invoice.status}
        data-invoice-id={invoice.id}
        className={`${stackedRowClass} max-sm:grid-cols-[auto_1fr_auto] max-sm:gap-y-1.5`}
      >
        <td
          className={`${cellClass} ${stackedCellClass} max-sm:order-1 max-sm:col-span-2 sm:whitespace-nowrap`}
        >
          <button
            type="button"
            aria-expanded={expanded}
            aria-controls={linesId}
            onClick={() => setExpanded((open) => !open)}
            className="-mx-1 inline-flex items-center gap-1.5 rounded-md px-1 py-0.5 text-left font-medium text-slate-900 hover:text-brand-700 focus-visible:outline-2 focus-visible:outline-brand-600"
          >
            <Chevron expanded={expanded} />
            <span className="sr-only">Lines of the invoice for </span>
            <span data-testid="invoice-period">{period}</span>
          </button>
        </td>
        <td
          className={`${cellClass} ${stackedCellClass} font-mono text-xs text-slate-600 max-sm:order-4`}
        >
          {invoice.stripeInvoiceNumber ?? (
            <>
              <span className="max-sm:hidden">—</span>
              <span className="font-sans text-slate-400 sm:hidden">No number yet</span>
            </>
          )}
        </td>
        <td className={`${cellClass} ${stackedCellClass} max-sm:order-3`}>
          <Badge tone={status.tone}>{status.label}</Badge>
        </td>
        <td
          className={`${cellClass} ${stackedCellClass} text-right tabular-nums max-sm:order-2 max-sm:font-semibold`}
        >
          {formatCents(invoice.totalCents, invoice.currency)}
        </td>
        <td className={`${cellClass} ${stackedCellClass} text-right max-sm:order-5`}>
          {invoice.hostedInvoiceUrl ? (
            <a
              href={invoice.hostedInvoiceUrl}
              target="_blank"
              rel="noreferrer"
              className="font-medium text-brand-700 hover:text-brand-800"
            >
              View
              <span className="sr-only"> invoice {invoice.stripeInvoiceNumber ?? ""}</span>
            </a>
          ) : (
            <span className="text-xs text-slate-400">{invoice.sent ? "Sent" : "Not sent"}</span>
          )}
        </td>
      </tr>
      <tr id={linesId} hidden={!expanded} data-testid="invoice-lines-row" className="max-sm:block">
        <td colSpan={5} className="bg-slate-50 px-3 py-3 max-sm:block">
          <table className="w-full text-sm" data-testid="invoice-lines">
            <caption className="sr-only">Lines of the invoice for {period}</caption>
            <thead className="text-xs text-slate-500">
              <tr>
                <th scope="col" className="py-1 pr-3 text-left font-medium">
                  Description
                </th>
                <th scope="col" className="px-3 py-1 text-right font-medium">
                  Billable units
                </th>
                <th scope="col" className="py-1 pl-3 text-right font-medium">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200/70">
              {invoice.lines.length === 0 && (
                <tr>
                  <td colSpan={3} className="py-2 text-slate-500">
                    This invoice has no lines.
                  </td>
                </tr>
              )}
              {invoice.lines.map((line) => (
                <tr
                  key={line.id}
                  data-kind={line.kind}
                  data-meter={line.meterId ?? undefined}
                  data-quantity={line.quantity}
                >
                  <td className="py-2 pr-3 text-slate-700">
                    <ChargeDescription description={line.description} capped={line.capped} />
                  </td>
                  <td className="px-3 py-2 text-right text-slate-600 tabular-nums">
                    {unitCount.format(line.billableUnits)}
                  </td>
                  <td className="py-2 pl-3 text-right tabular-nums">
                    {formatCents(line.amountCents, invoice.currency)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </td>
      </tr>
    </>
  );
}

function Chevron({ expanded }: { expanded: boolean }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 16 16"
      fill="currentColor"
      className={`size-3.5 shrink-0 text-slate-400 transition-transform ${expanded ? "rotate-90" : ""}`}
    >
      <path d="M6.22 4.22a.75.75 0 0 1 1.06 0l3.25 3.25a.75.75 0 0 1 0 1.06l-3.25 3.25a.75.75 0 0 1-1.06-1.06L8.94 8 6.22 5.28a.75.75 0 0 1 0-1.06Z" />
    </svg>
  );
}
