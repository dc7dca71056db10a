/** What the stand-in remembers; rendered into Stripe's JSON shapes by the resource modules. */

export type InvoiceStatus = "draft" | "open" | "paid" | "void" | "uncollectible";

export interface CustomerRecord {
  id: string;
  created: number;
  name: string | null;
  email: string | null;
  description: string | null;
  metadata: Record<string, string>;
}

export interface InvoiceItemRecord {
  id: string;
  created: number;
  customer: string;
  /** Null while the item is pending (not yet on any invoice). */
  invoice: string | null;
  amount: number;
  currency: string;
  description: string | null;
  metadata: Record<string, string>;
  quantity: number;
  unitAmountDecimal: string | null;
  periodStart: number;
  periodEnd: number;
}

export interface InvoiceRecord {
  id: string;
  created: number;
  customer: string;
  status: InvoiceStatus;
  number: string | null;
  hostedInvoiceUrl: string | null;
  currency: string;
  autoAdvance: boolean;
  collectionMethod: "charge_automatically" | "send_invoice";
  daysUntilDue: number | null;
  dueDate: number | null;
  description: string | null;
  metadata: Record<string, string>;
  /**
   * Totals frozen at finalization, as Stripe never recomputes a finalized invoice; null while
   * draft, when totals follow the attached items.
   */
  finalTotal: number | null;
  amountPaid: number;
  attemptCount: number;
  finalizedAt: number | null;
  paidAt: number | null;
  voidedAt: number | null;
  markedUncollectibleAt: number | null;
}

/**
 * The three collections, in creation order (lists render newest first). Items change only
 * through `addItem`, `attachItem` and `removeItem`, which keep the per-invoice index that lets
 * a benchmark with many thousands of items render an invoice without scanning them all.
 */
export class StandinStore {
  readonly customers = new Map<string, CustomerRecord>();
  readonly invoiceItems: ReadonlyMap<string, InvoiceItemRecord> = new Map();
  readonly invoices = new Map<string, InvoiceRecord>();
  invoiceNumberSequence = 0;
  private readonly items = this.invoiceItems as Map<string, InvoiceItemRecord>;
  private readonly itemIdsByInvoice = new Map<string, Set<string>>();

  addItem(item: InvoiceItemRecord): void {
    this.items.set(item.id, item);
    this.index(item);
  }

  attachItem(item: InvoiceItemRecord, invoiceId: string): void {
    this.unindex(item);
    item.invoice = invoiceId;
    this.index(item);
  }

  removeItem(id: string): void {
    const item = this.items.get(id);
    if (item !== undefined) {
      this.unindex(item);
      this.items.delete(id);
    }
  }

  /** The invoice's items in creation order. */
  itemsOfInvoice(invoiceId: string): InvoiceItemRecord[] {
    const ids = this.itemIdsByInvoice.get(invoiceId);
    if (ids === undefined) {
      return [];
    }
    const items: InvoiceItemRecord[] = [];
    for (const id of ids) {
      const item = this.items.get(id);
      if (item !== undefined) {
        items.push(item);
      }
    }
    return items;
  }

  private index(item: InvoiceItemRecord): void {
    if (item.invoice === null) {
      return;
    }
    const ids = this.itemIdsByInvoice.get(item.invoice) ?? new Set<string>();
    ids.add(item.id);
    this.itemIdsByInvoice.set(item.invoice, ids);
  }

  private unindex(item: InvoiceItemRecord): void {
    if (item.invoice !== null) {
      this.itemIdsByInvoice.get(item.invoice)?.delete(item.id);
    }
  }

  invoiceSubtotal(invoice: InvoiceRecord): number {
    if (invoice.finalTotal !== null) {
      return invoice.finalTotal;
    }
    return this.itemsOfInvoice(invoice.id).reduce((sum, item) => sum + item.amount, 0);
  }

  clear(): void {
    this.customers.clear();
    this.items.clear();
    this.itemIdsByInvoice.clear();
    this.invoices.clear();
    this.invoiceNumberSequence = 0;
  }
}
