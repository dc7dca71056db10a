/**
 * What billing needs from Stripe, in ledger terms. The push, webhook and reconcile code talk to
 * this, never to the SDK, so the pricing maths and the ledger logic carry no Stripe types.
 */
export interface StripeGateway {
  createCustomer(input: CreateCustomerInput): Promise<{ id: string }>;
  createInvoice(input: CreateInvoiceInput): Promise<StripeInvoiceSnapshot>;
  /** The Stripe invoice whose `tally_invoice_id` metadata is this id, among the customer's. */
  findInvoiceByTallyId(
    customerId: string,
    tallyInvoiceId: string,
  ): Promise<StripeInvoiceSnapshot | null>;
  /** Null when Stripe has no such invoice (e.g. a deleted draft). */
  retrieveInvoice(stripeInvoiceId: string): Promise<StripeInvoiceSnapshot | null>;
  /** Every invoice item on the invoice, all pages. */
  listInvoiceItems(stripeInvoiceId: string): Promise<StripeInvoiceItemSnapshot[]>;
  createInvoiceItem(input: CreateInvoiceItemInput): Promise<StripeInvoiceItemSnapshot>;
  finalizeInvoice(stripeInvoiceId: string, idempotencyKey: string): Promise<StripeInvoiceSnapshot>;
}

/** Stripe metadata keys Tally writes on every object, so each one leads back to its ledger row. */
export interface TallyMetadata {
  tally_account_id: string;
  tally_invoice_id?: string;
  tally_line_id?: string;
}

export interface CreateCustomerInput {
  accountId: string;
  name: string;
  idempotencyKey: string;
}

export interface CreateInvoiceInput {
  customerId: string;
  currency: string;
  daysUntilDue: number;
  description: string;
  metadata: TallyMetadata;
  idempotencyKey: string;
}

export interface CreateInvoiceItemInput {
  customerId: string;
  stripeInvoiceId: string;
  amountCents: number;
  currency: string;
  description: string;
  period: { start: Date; end: Date };
  metadata: TallyMetadata;
  idempotencyKey: string;
}

export interface StripeInvoiceSnapshot {
  id: string;
  customerId: string | null;
  /** Stripe's status: draft, open, paid, void, uncollectible. */
  status: string | null;
  totalCents: number;
  currency: string;
  number: string | null;
  hostedInvoiceUrl: string | null;
  metadata: Record<string, string>;
}

export interface StripeInvoiceItemSnapshot {
  id: string;
  stripeInvoiceId: string | null;
  amountCents: number;
  currency: string;
  description: string | null;
  metadata: Record<string, string>;
}
