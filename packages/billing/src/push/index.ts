export {
  type PushInvoiceInput,
  type PushInvoiceResult,
  type PushOutcome,
  pushInvoice,
} from "./push-invoice";
export {
  type PushFailure,
  type PushPendingInvoicesInput,
  type PushPendingInvoicesResult,
  pushPendingInvoices,
} from "./push-pending-invoices";
export { retryParkedInvoice } from "./retry-parked-invoice";
