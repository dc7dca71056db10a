import { type Database, type Invoice, invoices } from "@tally/db";
import { and, eq, isNull } from "drizzle-orm";
import { BillingError } from "../errors";
import { idempotencyKey } from "../stripe/idempotency-keys";
import type { StripeGateway, StripeInvoiceSnapshot } from "../stripe/stripe-gateway";

export interface EnsureStripeInvoiceInput {
  invoice: Invoice;
  customerId: string;
  /** False when the customer is new, so no earlier push can have made an invoice for it. */
  mayExist: boolean;
  daysUntilDue: number;
}

/**
 * The Stripe invoice mirroring `invoice`, created as an empty draft the first time. `resumed` is
 * true when an earlier push got at least this far, so the draft may already hold some items.
 *
 * Before creating, a customer that already existed is searched for an invoice carrying this
 * invoice's id in its metadata: a push that crashed after Stripe created the invoice but before
 * the id was stored is found that way, however long ago it was (idempotency keys expire after a
 * day).
 */
export async function ensureStripeInvoice(
  db: Database,
  gateway: StripeGateway,
  { invoice, customerId, mayExist, daysUntilDue }: EnsureStripeInvoiceInput,
): Promise<{ stripeInvoice: StripeInvoiceSnapshot; resumed: boolean }> {
  if (invoice.stripeInvoiceId) {
    const stripeInvoice = await gateway.retrieveInvoice(invoice.stripeInvoiceId);
    if (!stripeInvoice) {
      throw new BillingError(
        "stripe_rejected",
        `Stripe no longer has invoice ${invoice.stripeInvoiceId}, which Tally sent for this period`,
        { stripeInvoiceId: invoice.stripeInvoiceId },
      );
    }
    return { stripeInvoice, resumed: true };
  }

  const found = mayExist ? await gateway.findInvoiceByTallyId(customerId, invoice.id) : null;
  const stripeInvoice =
    found ??
    (await gateway.createInvoice({
      customerId,
      currency: invoice.currency,
      daysUntilDue,
      description: `Tally, ${isoDay(invoice.periodStart)} to ${isoDay(invoice.periodEnd)}`,
      metadata: { tally_account_id: invoice.accountId, tally_invoice_id: invoice.id },
      idempotencyKey: idempotencyKey("invoice", invoice.id),
    }));

  await db
    .update(invoices)
    .set({ stripeInvoiceId: stripeInvoice.id })
    .where(and(eq(invoices.id, invoice.id), isNull(invoices.stripeInvoiceId)));
  const [stored] = await db
    .select({ stripeInvoiceId: invoices.stripeInvoiceId })
    .from(invoices)
    .where(eq(invoices.id, invoice.id));
  if (stored?.stripeInvoiceId !== stripeInvoice.id) {
    // A concurrent push stored another Stripe invoice first (only possible once the key has
    // expired); continuing would fill two. The next run resumes from the stored one.
    throw new Error(
      `Invoice ${invoice.id} got Stripe invoice ${stored?.stripeInvoiceId} from another push while this one made ${stripeInvoice.id}`,
    );
  }
  // Items are only added once the id is stored, so a draft whose id was not stored yet is empty,
  // except for items a concurrent push adds under the same keys. A found one is listed anyway.
  return { stripeInvoice, resumed: found !== null };
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
