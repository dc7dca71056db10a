import type { StandinStore } from "./state";

/** A minimal stand-in for Stripe's hosted invoice page, so `hosted_invoice_url` links resolve. */
export function hostedInvoicePage(store: StandinStore, invoiceId: string): string | undefined {
  const invoice = store.invoices.get(invoiceId);
  if (invoice === undefined || invoice.number === null) {
    return undefined;
  }
  const total = store.invoiceSubtotal(invoice);
  const rows = store
    .itemsOfInvoice(invoice.id)
    .map((item) => `<tr><td>${escapeHtml(item.description ?? "")}</td><td>${item.amount}</td></tr>`)
    .join("");
  return [
    "<!doctype html><html><head><meta charset=utf-8>",
    `<title>Invoice ${escapeHtml(invoice.number)}</title></head><body>`,
    `<h1>Invoice ${escapeHtml(invoice.number)}</h1>`,
    `<p>Status: ${invoice.status}</p>`,
    `<table><tr><th>Description</th><th>Amount (cents)</th></tr>${rows}</table>`,
    `<p>Total: ${total} ${escapeHtml(invoice.currency)} cents</p>`,
    "</body></html>",
  ].join("");
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
