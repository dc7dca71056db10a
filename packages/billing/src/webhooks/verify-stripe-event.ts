import Stripe from "stripe";
import { z } from "zod";
import { BillingError } from "../errors";

export interface VerifyStripeEventInput {
  /** The request body exactly as received: the signature covers these bytes, not a re-encoding. */
  rawBody: string;
  /** The `Stripe-Signature` header. */
  signature: string | undefined;
  /** The endpoint's signing secret, `whsec_...`. */
  secret: string;
  now: Date;
  /** How old a signature may be; older ones are refused as possible replays. */
  toleranceSeconds: number;
}

const envelopeSchema = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

export type StripeEventEnvelope = z.infer<typeof envelopeSchema> & {
  /** The whole event as Stripe sent it, for `stripe_events.payload`. */
  payload: Record<string, unknown>;
};

/**
 * Checks the signature with the SDK (HMAC-SHA256 over `timestamp.rawBody`, within the tolerance)
 * and reads the event. Anything that fails is refused before a single row is touched.
 */
export function verifyStripeEvent(input: VerifyStripeEventInput): StripeEventEnvelope {
  const { rawBody, signature, secret, now, toleranceSeconds } = input;
  if (secret.trim() === "") {
    throw new BillingError("stripe_not_configured", "No Stripe webhook signing secret is set");
  }
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds <= 0) {
    // The SDK reads 0 as "no tolerance check", which would accept any old replay.
    throw new BillingError("invalid_input", "toleranceSeconds must be above 0", {
      toleranceSeconds,
    });
  }
  if (signature === undefined || signature.trim() === "") {
    throw new BillingError("invalid_signature", "The Stripe-Signature header is missing");
  }
  let event: unknown;
  try {
    event = Stripe.webhooks.constructEvent(
      rawBody,
      signature,
      secret,
      toleranceSeconds,
      undefined,
      now.getTime(),
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new BillingError("invalid_signature", `The Stripe signature is not valid: ${reason}`);
  }
  const parsed = envelopeSchema.safeParse(event);
  if (!parsed.success) {
    throw new BillingError("invalid_input", "The Stripe event is not an event object", {
      issues: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    });
  }
  return { ...parsed.data, payload: event as Record<string, unknown> };
}
