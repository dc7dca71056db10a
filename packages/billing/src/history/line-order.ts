import type { InvoiceLine, InvoiceLineKind } from "@tally/db";

const KIND_ORDER: Record<InvoiceLineKind, number> = { base: 0, seats: 1, overage: 2 };

/**
 * The order lines appear in on an invoice, wherever they are read from: the plan, its seats,
 * then overage by meter and period. The lines of one invoice are written in one transaction and
 * share its timestamp, so the order comes from their content.
 */
export function compareLines(a: InvoiceLine, b: InvoiceLine): number {
  return (
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    (a.meterId ?? "").localeCompare(b.meterId ?? "") ||
    a.periodStart.getTime() - b.periodStart.getTime()
  );
}
