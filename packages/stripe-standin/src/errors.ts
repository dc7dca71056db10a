/** The `type` values Stripe puts in an error body; the SDK picks its error class from them and the status. */
export type StripeErrorType =
  | "api_error"
  | "authentication_error"
  | "card_error"
  | "idempotency_error"
  | "invalid_request_error";

export interface StripeErrorBody {
  error: {
    type: StripeErrorType;
    message: string;
    code?: string;
    param?: string;
    decline_code?: string;
  };
}

export interface StandinErrorOptions {
  code?: string;
  param?: string;
  declineCode?: string;
  /** Extra response headers such as `Retry-After` or `Stripe-Should-Retry`. */
  headers?: Record<string, string>;
}

/**
 * A refusal the stand-in answers with a Stripe-shaped error body. Thrown by validation (never
 * saved under an idempotency key) and by execution (saved, like Stripe saves the result of
 * any request that started executing).
 */
export class StandinError extends Error {
  override readonly name = "StandinError";
  readonly status: number;
  readonly type: StripeErrorType;
  readonly code: string | undefined;
  readonly param: string | undefined;
  readonly declineCode: string | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    type: StripeErrorType,
    message: string,
    options: StandinErrorOptions = {},
  ) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = options.code;
    this.param = options.param;
    this.declineCode = options.declineCode;
    this.headers = options.headers ?? {};
  }

  toBody(): StripeErrorBody {
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(this.code === undefined ? {} : { code: this.code }),
        ...(this.param === undefined ? {} : { param: this.param }),
        ...(this.declineCode === undefined ? {} : { decline_code: this.declineCode }),
      },
    };
  }
}

export function invalidRequest(message: string, param?: string, code?: string): StandinError {
  return new StandinError(400, "invalid_request_error", message, { param, code });
}

export function resourceMissing(
  kind: string,
  id: string,
  param?: string,
  status = 404,
): StandinError {
  return new StandinError(status, "invalid_request_error", `No such ${kind}: '${id}'`, {
    code: "resource_missing",
    param: param ?? "id",
  });
}
