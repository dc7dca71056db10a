import { parseRetryAfterMs } from "./retry-delay";

/**
 * What to do about an error from the Stripe SDK:
 * - `retry`: a 429, a 5xx, a lost connection or a timeout, or a request still running under the
 *   same idempotency key; the same request with the same key is safe to send again.
 * - `idempotency_conflict`: the key was used before with other parameters; the ledger and Stripe
 *   disagree about what this row is, and only a person can say which is right.
 * - `rejected`: Stripe refused this request for good (a declined card, invalid parameters, a
 *   missing object); retrying sends the same refusal.
 * - `fatal`: anything else (a wrong API key, missing permissions, a bug): not the invoice's fault,
 *   so it must not be marked as one.
 */
export type StripeErrorVerdict =
  | { kind: "retry"; retryAfterMs?: number; reason: string }
  | { kind: "idempotency_conflict"; message: string }
  | { kind: "rejected"; message: string; details: Record<string, unknown> }
  | { kind: "fatal" };

interface StripeErrorShape {
  type?: unknown;
  statusCode?: unknown;
  code?: unknown;
  message?: unknown;
  param?: unknown;
  decline_code?: unknown;
  requestId?: unknown;
  headers?: unknown;
}

export function stripeErrorVerdict(error: unknown, nowMs: number): StripeErrorVerdict {
  if (typeof error !== "object" || error === null) return { kind: "fatal" };
  const shape = error as StripeErrorShape;
  const type = typeof shape.type === "string" ? shape.type : undefined;
  const status = typeof shape.statusCode === "number" ? shape.statusCode : undefined;
  const code = typeof shape.code === "string" ? shape.code : undefined;
  const message = typeof shape.message === "string" ? shape.message : String(error);

  // Stripe answers a request that runs while another with the same key is still in flight with
  // 409 (`idempotency_key_in_use`); the first one's result will be replayed, so wait for it.
  if (status === 409 || code === "idempotency_key_in_use") {
    return { kind: "retry", reason: "idempotency key in use (409)" };
  }
  if (type === "StripeIdempotencyError") {
    return { kind: "idempotency_conflict", message };
  }
  // A lost connection or a timeout, or a body that was cut off: the request may or may not have
  // run, and resending it under the same key is how Stripe says to find out.
  if (type === "StripeConnectionError" || (type === "StripeAPIError" && status === undefined)) {
    return { kind: "retry", reason: message };
  }
  if (status === 429 || type === "StripeRateLimitError") {
    const retryAfterMs = parseRetryAfterMs(header(shape.headers, "retry-after"), nowMs);
    return retryAfterMs === undefined
      ? { kind: "retry", reason: "rate limited (429)" }
      : { kind: "retry", retryAfterMs, reason: "rate limited (429)" };
  }
  if (status !== undefined && status >= 500) {
    const retryAfterMs = parseRetryAfterMs(header(shape.headers, "retry-after"), nowMs);
    const reason = `Stripe answered ${status}`;
    return retryAfterMs === undefined
      ? { kind: "retry", reason }
      : { kind: "retry", retryAfterMs, reason };
  }
  if (type === "StripeAuthenticationError" || type === "StripePermissionError") {
    return { kind: "fatal" };
  }
  if (
    type === "StripeCardError" ||
    type === "StripeInvalidRequestError" ||
    (status !== undefined && status >= 400 && status < 500)
  ) {
    return {
      kind: "rejected",
      message,
      details: {
        stripeType: type ?? null,
        statusCode: status ?? null,
        stripeCode: code ?? null,
        param: typeof shape.param === "string" ? shape.param : null,
        declineCode: typeof shape.decline_code === "string" ? shape.decline_code : null,
        requestId: typeof shape.requestId === "string" ? shape.requestId : null,
      },
    };
  }
  return { kind: "fatal" };
}

function header(headers: unknown, name: string): string | undefined {
  if (typeof headers !== "object" || headers === null) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && typeof value === "string") return value;
  }
  return undefined;
}
