import { invalidRequest, resourceMissing } from "../errors";
import { newId } from "../ids";
import type { ExecutionContext, RouteDefinition } from "../route";
import { ok } from "../route";
import type { InvoiceItemRecord, InvoiceRecord, InvoiceStatus, StandinStore } from "../state";
import { findCustomer } from "./customers";
import type { StripeList } from "./list";
import { paginate, readPageParams } from "./list";

/** Stripe embeds the first ten lines in an invoice; the rest come from `/v1/invoices/:id/lines`. */
const embeddedLineCount = 10;

export function renderLineItem(item: InvoiceItemRecord) {
  return {
    id: `il_${item.id.slice(3)}`,
    object: "line_item" as const,
    amount: item.amount,
    currency: item.currency,
    description: item.description,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: item.invoice,
    livemode: false,
    metadata: { ...item.metadata },
    parent: {
      type: "invoice_item_details" as const,
      invoice_item_details: {
        invoice_item: item.id,
        proration: false,
        proration_details: null,
        subscription: null,
      },
      subscription_item_details: null,
    },
    period: { start: item.periodStart, end: item.periodEnd },
    pretax_credit_amounts: [],
    pricing: {
      type: "price_details" as const,
      unit_amount_decimal: item.unitAmountDecimal ?? String(item.amount),
    },
    quantity: item.quantity,
    quantity_decimal: String(item.quantity),
    subscription: null,
    subtotal: item.amount,
    taxes: [],
  };
}

export type RenderedLineItem = ReturnType<typeof renderLineItem>;

/**
 * The invoice as Stripe returns it. `allLines` embeds every line (used for state snapshots and
 * events' data); the API embeds the first ten with `has_more`, as Stripe does.
 */
export function renderInvoice(store: StandinStore, record: InvoiceRecord, allLines = false) {
  const items = store.itemsOfInvoice(record.id);
  const shown = allLines ? items : items.slice(0, embeddedLineCount);
  const lines: StripeList<RenderedLineItem> = {
    object: "list",
    data: shown.map(renderLineItem),
    has_more: shown.length < items.length,
    url: `/v1/invoices/${record.id}/lines`,
  };
  const total = store.invoiceSubtotal(record);
  const settled = record.status === "paid" || record.status === "void";
  return {
    id: record.id,
    object: "invoice" as const,
    amount_due: total,
    amount_paid: record.amountPaid,
    amount_remaining: settled ? 0 : total - record.amountPaid,
    attempt_count: record.attemptCount,
    attempted: record.attemptCount > 0,
    auto_advance: record.autoAdvance,
    collection_method: record.collectionMethod,
    created: record.created,
    currency: record.currency,
    customer: record.customer,
    description: record.description,
    due_date: record.dueDate,
    hosted_invoice_url: record.hostedInvoiceUrl,
    invoice_pdf: record.hostedInvoiceUrl === null ? null : `${record.hostedInvoiceUrl}/pdf`,
    lines,
    livemode: false,
    metadata: { ...record.metadata },
    number: record.number,
    period_end: record.created,
    period_start: record.created,
    status: record.status,
    status_transitions: {
      finalized_at: record.finalizedAt,
      marked_uncollectible_at: record.markedUncollectibleAt,
      paid_at: record.paidAt,
      voided_at: record.voidedAt,
    },
    subtotal: total,
    total,
  };
}

export function findInvoice(store: StandinStore, id: string): InvoiceRecord {
  const invoice = store.invoices.get(id);
  if (invoice === undefined) {
    throw resourceMissing("invoice", id);
  }
  return invoice;
}

function requireStatus(invoice: InvoiceRecord, allowed: InvoiceStatus[], action: string): void {
  if (!allowed.includes(invoice.status)) {
    throw invalidRequest(
      `You can only ${action} an invoice whose status is ${allowed.join(" or ")}; ${invoice.id} is ${invoice.status}.`,
      undefined,
      "invoice_unexpected_state",
    );
  }
}

/** draft -> open (or straight to paid when it totals $0, as Stripe does). */
export function finalizeInvoice(context: ExecutionContext, invoice: InvoiceRecord): void {
  requireStatus(invoice, ["draft"], "finalize");
  const now = context.now();
  const total = context.store.invoiceSubtotal(invoice);
  context.store.invoiceNumberSequence += 1;
  invoice.number = `${context.numberPrefix}-${String(context.store.invoiceNumberSequence).padStart(4, "0")}`;
  invoice.hostedInvoiceUrl = `${context.baseUrl}/i/${invoice.id}`;
  invoice.finalTotal = total;
  invoice.finalizedAt = now;
  invoice.status = "open";
  if (invoice.collectionMethod === "send_invoice" && invoice.daysUntilDue !== null) {
    invoice.dueDate = now + invoice.daysUntilDue * 86_400;
  }
  context.emit("invoice.finalized", renderInvoice(context.store, invoice, true), {
    status: "draft",
  });
  if (total <= 0) {
    markPaid(context, invoice, 0);
  }
}

export function markPaid(context: ExecutionContext, invoice: InvoiceRecord, amount: number): void {
  const previous = invoice.status;
  invoice.status = "paid";
  invoice.amountPaid = amount;
  invoice.paidAt = context.now();
  context.emit("invoice.paid", renderInvoice(context.store, invoice, true), { status: previous });
}

/** A failed collection attempt: the invoice stays open and Stripe says `invoice.payment_failed`. */
export function failPaymentAttempt(context: ExecutionContext, invoice: InvoiceRecord): void {
  requireStatus(invoice, ["open"], "attempt payment on");
  invoice.attemptCount += 1;
  context.emit("invoice.payment_failed", renderInvoice(context.store, invoice, true));
}

export function payInvoice(context: ExecutionContext, invoice: InvoiceRecord): void {
  requireStatus(invoice, ["open", "uncollectible"], "pay");
  invoice.attemptCount += 1;
  markPaid(context, invoice, context.store.invoiceSubtotal(invoice));
}

function voidInvoice(context: ExecutionContext, invoice: InvoiceRecord): void {
  requireStatus(invoice, ["open", "uncollectible"], "void");
  const previous = invoice.status;
  invoice.status = "void";
  invoice.voidedAt = context.now();
  context.emit("invoice.voided", renderInvoice(context.store, invoice, true), {
    status: previous,
  });
}

function markUncollectible(context: ExecutionContext, invoice: InvoiceRecord): void {
  requireStatus(invoice, ["open"], "mark uncollectible");
  invoice.status = "uncollectible";
  invoice.markedUncollectibleAt = context.now();
  context.emit("invoice.marked_uncollectible", renderInvoice(context.store, invoice, true), {
    status: "open",
  });
}

function transitionRoute(
  action: string,
  apply: (context: ExecutionContext, invoice: InvoiceRecord) => void,
  acceptedParams: string[] = [],
): RouteDefinition {
  return {
    method: "POST",
    path: `/v1/invoices/:id/${action}`,
    prepare(params, path) {
      const id = path.id ?? "";
      // Options such as `paid_out_of_band` are accepted and have no further effect here.
      for (const name of acceptedParams) {
        params.boolean(name);
      }
      return (context) => {
        const invoice = findInvoice(context.store, id);
        apply(context, invoice);
        return ok(renderInvoice(context.store, invoice));
      };
    },
  };
}

export const invoiceStatuses: InvoiceStatus[] = ["draft", "open", "paid", "void", "uncollectible"];

export const invoiceRoutes: RouteDefinition[] = [
  {
    method: "POST",
    path: "/v1/invoices",
    prepare(params) {
      const customerId = params.requiredString("customer", 255);
      const autoAdvance = params.boolean("auto_advance") ?? false;
      const collectionMethod =
        params.oneOf("collection_method", ["charge_automatically", "send_invoice"] as const) ??
        "charge_automatically";
      const daysUntilDue = params.integer("days_until_due", 0, 365 * 10);
      const currency = (params.string("currency", 3) ?? "usd").toLowerCase();
      const description = params.string("description", 1500) ?? null;
      const metadata = params.metadata() ?? {};
      const pendingBehavior =
        params.oneOf("pending_invoice_items_behavior", ["exclude", "include"] as const) ??
        "exclude";
      if (collectionMethod === "send_invoice" && daysUntilDue === undefined) {
        throw invalidRequest(
          "Missing required param: days_until_due (required when collection_method is send_invoice).",
          "days_until_due",
        );
      }
      if (collectionMethod === "charge_automatically" && daysUntilDue !== undefined) {
        throw invalidRequest(
          "days_until_due can only be set when collection_method is send_invoice.",
          "days_until_due",
        );
      }
      return (context) => {
        findCustomer(context.store, customerId, "customer");
        const record: InvoiceRecord = {
          id: newId("in"),
          created: context.now(),
          customer: customerId,
          status: "draft",
          number: null,
          hostedInvoiceUrl: null,
          currency,
          autoAdvance,
          collectionMethod,
          daysUntilDue: daysUntilDue ?? null,
          dueDate: null,
          description,
          metadata,
          finalTotal: null,
          amountPaid: 0,
          attemptCount: 0,
          finalizedAt: null,
          paidAt: null,
          voidedAt: null,
          markedUncollectibleAt: null,
        };
        context.store.invoices.set(record.id, record);
        if (pendingBehavior === "include") {
          for (const item of context.store.invoiceItems.values()) {
            if (
              item.customer === customerId &&
              item.invoice === null &&
              item.currency === currency
            ) {
              context.store.attachItem(item, record.id);
            }
          }
        }
        const rendered = renderInvoice(context.store, record);
        context.emit("invoice.created", renderInvoice(context.store, record, true));
        return ok(rendered);
      };
    },
  },
  {
    method: "GET",
    path: "/v1/invoices/:id",
    prepare(_params, path) {
      const id = path.id ?? "";
      return (context) => ok(renderInvoice(context.store, findInvoice(context.store, id)));
    },
  },
  {
    method: "GET",
    path: "/v1/invoices/:id/lines",
    prepare(params, path) {
      const id = path.id ?? "";
      const page = readPageParams(params);
      return (context) => {
        findInvoice(context.store, id);
        // Lines read oldest first on an invoice, so the list is paged in that order.
        const lines = context.store.itemsOfInvoice(id).map(renderLineItem).reverse();
        return ok(paginate(lines, page, `/v1/invoices/${id}/lines`, (line) => line));
      };
    },
  },
  {
    method: "GET",
    path: "/v1/invoices",
    prepare(params) {
      const page = readPageParams(params);
      const customer = params.string("customer", 255) ?? undefined;
      const status = params.oneOf("status", invoiceStatuses);
      return (context) => {
        const records = [...context.store.invoices.values()].filter(
          (invoice) =>
            (customer === undefined || invoice.customer === customer) &&
            (status === undefined || invoice.status === status),
        );
        return ok(
          paginate(records, page, "/v1/invoices", (record) => renderInvoice(context.store, record)),
        );
      };
    },
  },
  transitionRoute("finalize", finalizeInvoice, ["auto_advance"]),
  transitionRoute("pay", payInvoice, ["paid_out_of_band", "forgive"]),
  transitionRoute("void", voidInvoice),
  transitionRoute("mark_uncollectible", markUncollectible),
];
