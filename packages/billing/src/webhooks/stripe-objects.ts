import { z } from "zod";
import { BillingError } from "../errors";

const idOrObject = z
  .union([z.string(), z.object({ id: z.string() })])
  .transform((value) => (typeof value === "string" ? value : value.id));

/** The fields of a Stripe invoice that webhooks act on. */
export const stripeInvoiceObject = z.object({
  id: z.string().min(1),
  customer: idOrObject.nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  number: z.string().nullish(),
  hosted_invoice_url: z.string().nullish(),
  amount_due: z.number().int().nullish(),
  status_transitions: z.object({ paid_at: z.number().int().nullish() }).partial().nullish(),
});
export type StripeInvoiceObject = z.infer<typeof stripeInvoiceObject>;

/** The fields of a Stripe subscription that webhooks act on. */
export const stripeSubscriptionObject = z.object({
  id: z.string().min(1),
  customer: idOrObject.nullish(),
  status: z.string().min(1),
});
export type StripeSubscriptionObject = z.infer<typeof stripeSubscriptionObject>;

/** Reads an event's `data.object`, naming every bad field. */
export function readObject<T>(
  schema: z.ZodType<T>,
  object: Record<string, unknown>,
  eventType: string,
): T {
  const parsed = schema.safeParse(object);
  if (!parsed.success) {
    throw new BillingError("invalid_input", `The ${eventType} event's object is malformed`, {
      issues: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    });
  }
  return parsed.data;
}
