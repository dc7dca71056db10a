import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { stripeErrorVerdict } from "./stripe-error-verdict";

const NOW = Date.parse("2026-01-01T00:00:00Z");

function sdkError(raw: {
  type: string;
  statusCode?: number;
  code?: string;
  message?: string;
  headers?: Record<string, string>;
}) {
  return Stripe.errors.StripeError.generate({ message: "boom", ...raw } as never);
}

describe("classifying Stripe's errors", () => {
  it("retries 429s, honouring Retry-After", () => {
    const verdict = stripeErrorVerdict(
      sdkError({ type: "rate_limit_error", statusCode: 429, headers: { "retry-after": "3" } }),
      NOW,
    );
    expect(verdict).toMatchObject({ kind: "retry", retryAfterMs: 3_000 });
  });

  it("retries 5xx answers and lost connections", () => {
    expect(stripeErrorVerdict(sdkError({ type: "api_error", statusCode: 500 }), NOW).kind).toBe(
      "retry",
    );
    expect(stripeErrorVerdict(sdkError({ type: "api_error", statusCode: 503 }), NOW).kind).toBe(
      "retry",
    );
    const lost = new Stripe.errors.StripeConnectionError({ message: "socket hang up" } as never);
    expect(stripeErrorVerdict(lost, NOW).kind).toBe("retry");
  });

  it("waits for a request still running under the same key (409)", () => {
    const inUse = sdkError({
      type: "idempotency_error",
      statusCode: 409,
      code: "idempotency_key_in_use",
    });
    expect(stripeErrorVerdict(inUse, NOW).kind).toBe("retry");
  });

  it("never retries a key reused with other parameters: that is a conflict", () => {
    const reused = sdkError({ type: "idempotency_error", statusCode: 400 });
    expect(stripeErrorVerdict(reused, NOW).kind).toBe("idempotency_conflict");
  });

  it("treats card and validation errors as refusals, with Stripe's details", () => {
    const declined = sdkError({
      type: "card_error",
      statusCode: 402,
      code: "card_declined",
      message: "Your card was declined.",
    });
    expect(stripeErrorVerdict(declined, NOW)).toMatchObject({
      kind: "rejected",
      message: "Your card was declined.",
      details: { stripeCode: "card_declined", statusCode: 402 },
    });
    const invalid = sdkError({ type: "invalid_request_error", statusCode: 400 });
    expect(stripeErrorVerdict(invalid, NOW).kind).toBe("rejected");
    const missing = sdkError({ type: "invalid_request_error", statusCode: 404 });
    expect(stripeErrorVerdict(missing, NOW).kind).toBe("rejected");
  });

  it("leaves a wrong key or a bug alone: not the invoice's fault", () => {
    expect(
      stripeErrorVerdict(sdkError({ type: "authentication_error", statusCode: 401 }), NOW).kind,
    ).toBe("fatal");
    expect(stripeErrorVerdict(sdkError({ type: "api_error", statusCode: 403 }), NOW).kind).toBe(
      "fatal",
    );
    expect(stripeErrorVerdict(new TypeError("x is undefined"), NOW).kind).toBe("fatal");
  });
});
