import { amountFromDecimal } from "../decimal-amount";
import { invalidRequest, resourceMissing } from "../errors";
import { newId } from "../ids";
import type { RouteDefinition } from "../route";
import { ok } from "../route";
import type { InvoiceItemRecord, StandinStore } from "../state";
import { findCustomer } from "./customers";
import { paginate, readPageParams } from "./list";

/** Stripe's ceiling for one amount in a two-decimal currency (99,999,999 cents). */
export const maxAmountCents = 99_999_999;

export function renderInvoiceItem(record: InvoiceItemRecord) {
  return {
    id: record.id,
    object: "invoiceitem" as const,
    amount: record.amount,
    currency: record.currency,
    customer: record.customer,
    customer_account: null,
    date: record.created,
    description: record.description,
    discountable: true,
    discounts: [],
    invoice: record.invoice,
    livemode: false,
    metadata: { ...record.metadata },
    net_amount: record.amount,
    parent: null,
    period: { start: record.periodStart, end: record.periodEnd },
    pricing: {
      type: "price_details" as const,
      unit_amount_decimal: record.unitAmountDecimal ?? String(record.amount),
    },
    proration: false,
    quantity: record.quantity,
    quantity_decimal: String(record.quantity),
    tax_rates: [],
    test_clock: null,
  };
}

export function findInvoiceItem(store: StandinStore, id: string): InvoiceItemRecord {
  const item = store.invoiceItems.get(id);
  if (item === undefined) {
    throw resourceMissing("invoiceitem", id);
  }
  return item;
}

export const invoiceItemRoutes: RouteDefinition[] = [
  {
    method: "POST",
    path: "/v1/invoiceitems",
    prepare(params) {
      const customerId = params.requiredString("customer", 255);
      const amount = params.integer("amount", -maxAmountCents, maxAmountCents);
      const unitAmountDecimal = params.decimal("unit_amount_decimal");
      const quantity = params.integer("quantity", 0, 1_000_000_000);
      const currency = (params.string("currency", 3) ?? "usd").toLowerCase();
      const description = params.string("description", 5000) ?? null;
      const invoiceId = params.string("invoice", 255) ?? null;
      const metadata = params.metadata() ?? {};
      const period = params.nested("period");
      const periodStart = period?.integer("start", 0, 253_402_300_799);
      const periodEnd = period?.integer("end", 0, 253_402_300_799);
      period?.finish();
      if (!/^[a-z]{3}$/.test(currency)) {
        throw invalidRequest(`Invalid currency: ${currency}`, "currency");
      }
      if (amount !== undefined && unitAmountDecimal !== undefined) {
        throw invalidRequest(
          "You may only specify one of these parameters: amount, unit_amount_decimal.",
          "unit_amount_decimal",
        );
      }
      if (amount !== undefined && quantity !== undefined) {
        throw invalidRequest(
          "You may only specify one of these parameters: amount, quantity.",
          "quantity",
        );
      }
      if (amount === undefined && unitAmountDecimal === undefined) {
        throw invalidRequest("Missing required param: amount.", "amount");
      }
      if (period !== undefined && (periodStart === undefined || periodEnd === undefined)) {
        throw invalidRequest("Missing required param: period[start] and period[end].", "period");
      }
      if (periodStart !== undefined && periodEnd !== undefined && periodEnd < periodStart) {
        throw invalidRequest("period[end] must be on or after period[start].", "period[end]");
      }
      const itemQuantity = quantity ?? 1;
      const cents = amount ?? amountFromDecimal(unitAmountDecimal ?? "0", itemQuantity);
      if (Math.abs(cents) > maxAmountCents) {
        throw invalidRequest(
          `The amount ${cents} exceeds the maximum of ${maxAmountCents}.`,
          "amount",
          "amount_too_large",
        );
      }
      return (context) => {
        findCustomer(context.store, customerId, "customer");
        if (invoiceId !== null) {
          const invoice = context.store.invoices.get(invoiceId);
          if (invoice === undefined) {
            throw resourceMissing("invoice", invoiceId, "invoice", 400);
          }
          if (invoice.customer !== customerId) {
            throw invalidRequest(
              `The invoice ${invoiceId} belongs to a different customer.`,
              "invoice",
            );
          }
          if (invoice.status !== "draft") {
            throw invalidRequest(
              `Invoice items can only be added to draft invoices; ${invoiceId} is ${invoice.status}.`,
              "invoice",
              "invoice_not_editable",
            );
          }
          if (invoice.currency !== currency) {
            throw invalidRequest(
              `The invoice is in ${invoice.currency}, not ${currency}.`,
              "currency",
            );
          }
        }
        const now = context.now();
        const record: InvoiceItemRecord = {
          id: newId("ii"),
          created: now,
          customer: customerId,
          invoice: invoiceId,
          amount: cents,
          currency,
          description,
          metadata,
          quantity: itemQuantity,
          unitAmountDecimal: unitAmountDecimal ?? null,
          periodStart: periodStart ?? now,
          periodEnd: periodEnd ?? now,
        };
        context.store.addItem(record);
        const rendered = renderInvoiceItem(record);
        context.emit("invoiceitem.created", rendered);
        return ok(rendered);
      };
    },
  },
  {
    method: "GET",
    path: "/v1/invoiceitems/:id",
    prepare(_params, path) {
      const id = path.id ?? "";
      return (context) => ok(renderInvoiceItem(findInvoiceItem(context.store, id)));
    },
  },
  {
    method: "GET",
    path: "/v1/invoiceitems",
    prepare(params) {
      const page = readPageParams(params);
      const customer = params.string("customer", 255) ?? undefined;
      const invoice = params.string("invoice", 255) ?? undefined;
      const pending = params.boolean("pending");
      return (context) => {
        // The per-invoice index keeps a filtered list cheap when the store holds many items.
        const candidates =
          invoice === undefined
            ? [...context.store.invoiceItems.values()]
            : context.store.itemsOfInvoice(invoice);
        const records = candidates.filter(
          (item) =>
            (customer === undefined || item.customer === customer) &&
            (pending === undefined || (item.invoice === null) === pending),
        );
        return ok(paginate(records, page, "/v1/invoiceitems", renderInvoiceItem));
      };
    },
  },
  {
    method: "DELETE",
    path: "/v1/invoiceitems/:id",
    prepare(_params, path) {
      const id = path.id ?? "";
      return (context) => {
        const item = findInvoiceItem(context.store, id);
        const invoice =
          item.invoice === null ? undefined : context.store.invoices.get(item.invoice);
        if (invoice !== undefined && invoice.status !== "draft") {
          throw invalidRequest(
            `This invoice item is on a ${invoice.status} invoice and can no longer be deleted.`,
            undefined,
            "invoice_not_editable",
          );
        }
        context.store.removeItem(id);
        context.emit("invoiceitem.deleted", renderInvoiceItem(item));
        return ok({ id, object: "invoiceitem", deleted: true });
      };
    },
  },
];
