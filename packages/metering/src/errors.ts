/**
 * Why the engine refused a call. The server maps them to responses: `invalid_*` and `unknown_*`
 * to BAD_REQUEST, `idempotency_conflict` to CONFLICT, `not_found` and `no_subscription` to
 * NOT_FOUND.
 */
export type MeteringErrorCode =
  | "invalid_quantity"
  | "invalid_input"
  | "unknown_meter"
  | "unknown_plan"
  | "unknown_module"
  | "idempotency_conflict"
  | "no_subscription"
  | "invalid_plan_change"
  | "not_found";

/**
 * A refusal the caller can act on: bad input, an unknown id, a reused idempotency key, a missing
 * row. Anything else (a lost connection, a violated constraint) is a bug or an outage and stays
 * the error it is.
 */
export class MeteringError extends Error {
  override readonly name = "MeteringError";
  readonly code: MeteringErrorCode;
  /** Machine-readable facts for the client (the offending value, the conflicting key, ...). */
  readonly details: Record<string, unknown>;

  constructor(code: MeteringErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

export function isMeteringError(error: unknown, code?: MeteringErrorCode): error is MeteringError {
  return error instanceof MeteringError && (code === undefined || error.code === code);
}
