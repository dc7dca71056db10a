// Period close, preview and invoice history (the ledger side of billing).
export {
  type CloseDuePeriodsInput,
  type CloseDuePeriodsResult,
  closeDuePeriods,
} from "./close/close-due-periods";
export { type ClosePeriodInput, type ClosePeriodResult, closePeriod } from "./close/close-period";
export type { InvoiceWithLines } from "./close/insert-invoices";
export {
  type CounterUsage,
  type InvoiceLineDraft,
  type InvoiceLinesInput,
  invoiceLinesFor,
  type PlanInEffect,
} from "./close/invoice-lines-for";
export { BillingError, type BillingErrorCode, isBillingError } from "./errors";
export { invoiceWithLines } from "./history/invoice-with-lines";
export {
  type InvoiceLineSummary,
  type InvoicePage,
  type InvoiceSummary,
  type ListInvoicesInput,
  listInvoices,
} from "./history/list-invoices";
// Stripe adapter, push, webhooks, reconciliation and jobs (owned by the Stripe side) go below.
export { BILLING_QUEUES, type BillingJobsOptions, registerBillingJobs } from "./jobs";
export {
  type PeriodPreview,
  type PreviewPeriodInput,
  previewPeriod,
} from "./preview/preview-period";
export {
  type PushFailure,
  type PushInvoiceInput,
  type PushInvoiceResult,
  type PushOutcome,
  type PushPendingInvoicesInput,
  type PushPendingInvoicesResult,
  pushInvoice,
  pushPendingInvoices,
  retryParkedInvoice,
} from "./push";
export { type Drift, type ReconcileInput, type ReconcileResult, reconcile } from "./reconcile";
export {
  createStripeGateway,
  IDEMPOTENCY_KEY_PREFIX,
  idempotencyKey,
  isTallyIdempotencyKey,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  type StripeGateway,
  type StripeGatewayOptions,
  type StripeInvoiceItemSnapshot,
  type StripeInvoiceSnapshot,
} from "./stripe";
export {
  type HandleStripeWebhookInput,
  type HandleStripeWebhookResult,
  handleStripeWebhook,
} from "./webhooks";
