/**
 * Why billing refused or could not finish a call. The server maps them to responses:
 * `invalid_input` to BAD_REQUEST, `not_found` to NOT_FOUND, `period_not_ended` and
 * `not_a_billing_period` to BAD_REQUEST (the caller asked for a period that cannot be closed),
 * `invalid_signature` to 400 on the webhook route, and the `stripe_*` codes to the operator.
 */
export type BillingErrorCode =
  | "invalid_input"
  | "not_found"
  | "period_not_ended"
  | "not_a_billing_period"
  | "stripe_not_configured"
  | "stripe_idempotency_conflict"
  | "stripe_rejected"
  | "invalid_signature";

/**
 * A refusal the caller can act on: bad input, an unknown id, a period that cannot be closed yet,
 * a Stripe refusal, a forged webhook. Anything else (a lost connection, a violated constraint)
 * is a bug or an outage and stays the error it is.
 */
export class BillingError extends Error {
  override readonly name = "BillingError";
  readonly code: BillingErrorCode;
  /** Machine-readable facts for the caller (the offending value, the period asked for, ...). */
  readonly details: Record<string, unknown>;

  constructor(code: BillingErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

export function isBillingError(error: unknown, code?: BillingErrorCode): error is BillingError {
  return error instanceof BillingError && (code === undefined || error.code === code);
}
