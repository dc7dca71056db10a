import type { ReactNode } from "react";

export interface Column {
  /** Unique within the table, for React. */
  key: string;
  /** What the header says; a column of links may say it to screen readers only. */
  label: ReactNode;
  align?: "left" | "right";
}

/**
 * Padding of every header and body cell: the first and last column line up with the card's own
 * padding, the ones between keep apart by it.
 */
export const cellClass = "px-3 py-2 first:pl-0 last:pr-0";

/**
 * The classes of a row of a table drawn `stackOnPhone`: below the `sm` breakpoint the row is a
 * small card laid out by a grid, whose columns and cell order the row itself gives
 * (`max-sm:grid-cols-…`, `max-sm:order-…`), so the cells stay in column order for the table.
 */
export const stackedRowClass = "max-sm:grid max-sm:items-center max-sm:gap-x-3 max-sm:py-3";

/** A cell of a stacked row: below `sm` its spacing comes from the row's grid, not its padding. */
export const stackedCellClass = "max-sm:p-0";

/**
 * A list of records as a table with one header row, the dashboard's one look for them (invoices,
 * the call log, plan statistics). Rows are the caller's, with `cellClass` cells.
 *
 * With `stackOnPhone`, below the `sm` breakpoint the header is left out and each row shows as a
 * card (see `stackedRowClass`): a phone shows every field of a record at once instead of hiding
 * some in a sideways scroll. From `sm` up a table wider than its card scrolls sideways within it.
 */
export function DataTable({
  columns,
  testId,
  stackOnPhone = false,
  minWidthClass = "",
  bodyClassName = "",
  children,
}: {
  columns: readonly Column[];
  testId: string;
  stackOnPhone?: boolean;
  /** A `sm:min-w-…` class, for columns that need more room than a narrow card gives them. */
  minWidthClass?: string;
  bodyClassName?: string;
  children: ReactNode;
}) {
  const stacked = stackOnPhone ? "max-sm:block" : "";
  return (
    // Relative, so a header's sr-only text (absolutely positioned) is clipped by this scroll box
    // rather than widening the page. The box reaches a little past the table on both sides, so the
    // focus outline of a control in the first or last column is not clipped by it.
    <div className="relative -mx-1.5 overflow-x-auto px-1.5">
      <table
        className={`w-full text-left text-sm ${minWidthClass} ${stacked}`}
        data-testid={testId}
      >
        <thead
          className={`border-b border-slate-200 text-xs text-slate-500 uppercase ${stackOnPhone ? "max-sm:hidden" : ""}`}
        >
          <tr>
            {columns.map((column) => (
              <th
                key={column.key}
                scope="col"
                className={`${cellClass} font-medium ${column.align === "right" ? "text-right" : ""}`}
              >
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className={`divide-y divide-slate-100 ${stacked} ${bodyClassName}`}>
          {children}
        </tbody>
      </table>
    </div>
  );
}
