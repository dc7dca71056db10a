import type { BillingError } from "@tally/billing";
import type { MeteringError } from "@tally/metering";
import { type TRPC_ERROR_CODE_KEY, TRPCError } from "@trpc/server";

/** Extra facts a client needs to act on an error, merged into the error's `data`. */
export type ErrorDetails = Record<string, string | number | boolean | null | string[]>;

/** A TRPCError whose `details` the error formatter puts into the response's `error.data`. */
export class DetailedError extends TRPCError {
  readonly details: ErrorDetails;

  constructor(options: { code: TRPC_ERROR_CODE_KEY; message: string; details: ErrorDetails }) {
    super({ code: options.code, message: options.message });
    this.details = options.details;
  }
}

const codeFor = {
  invalid_quantity: "BAD_REQUEST",
  invalid_input: "BAD_REQUEST",
  unknown_meter: "BAD_REQUEST",
  unknown_plan: "BAD_REQUEST",
  unknown_module: "BAD_REQUEST",
  invalid_plan_change: "BAD_REQUEST",
  idempotency_conflict: "CONFLICT",
  not_found: "NOT_FOUND",
  no_subscription: "NOT_FOUND",
} as const satisfies Record<MeteringError["code"], TRPC_ERROR_CODE_KEY>;

/** The engine's errors are the caller's mistakes; each maps to the tRPC code that says which. */
export function fromMeteringError(error: MeteringError): DetailedError {
  return new DetailedError({
    code: codeFor[error.code],
    message: error.message,
    details: { reason: error.code, ...scalarDetails(error.details) },
  });
}

const billingCodeFor = {
  invalid_input: "BAD_REQUEST",
  not_found: "NOT_FOUND",
  period_not_ended: "BAD_REQUEST",
  not_a_billing_period: "BAD_REQUEST",
  stripe_not_configured: "PRECONDITION_FAILED",
  stripe_idempotency_conflict: "CONFLICT",
  stripe_rejected: "UNPROCESSABLE_CONTENT",
  invalid_signature: "BAD_REQUEST",
} as const satisfies Record<BillingError["code"], TRPC_ERROR_CODE_KEY>;

/** Billing's refusals, for the procedures that close periods and read reconciliation. */
export function fromBillingError(error: BillingError): DetailedError {
  return new DetailedError({
    code: billingCodeFor[error.code],
    message: error.message,
    details: { reason: error.code, ...scalarDetails(error.details) },
  });
}

/** Keeps the plain values of an engine error's details; anything else stays on the server. */
function scalarDetails(details: Record<string, unknown>): ErrorDetails {
  const kept: ErrorDetails = {};
  for (const [key, value] of Object.entries(details)) {
    if (
      value === null ||
      typeof value === "string" ||
      typeof value === "number" ||
      typeof value === "boolean"
    ) {
      kept[key] = value;
    } else if (value instanceof Date) {
      kept[key] = value.toISOString();
    }
  }
  return kept;
}
