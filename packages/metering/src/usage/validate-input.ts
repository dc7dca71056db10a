import { type AnyCatalog, isMeterId, type MeterId } from "@tally/tier-config";
import { MeteringError } from "../errors";

/**
 * Stripe keeps keys of at most 255 characters, and a product that forwards its own keys to us
 * should be able to forward ours there too; longer keys are refused up front rather than failing
 * somewhere downstream.
 */
const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/**
 * A quantity arrives from outside (JSON bodies, API-key callers), so its type is checked here as
 * well as its value: a positive safe integer, nothing else.
 */
export function requireQuantity(value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new MeteringError(
      "invalid_quantity",
      `quantity must be a positive whole number up to ${Number.MAX_SAFE_INTEGER}, got ${describe(value)}`,
      { quantity: describe(value) },
    );
  }
  return value;
}

export function requireMeterId(catalog: AnyCatalog, value: string): MeterId<AnyCatalog> {
  if (typeof value !== "string" || !isMeterId(catalog, value)) {
    throw new MeteringError("unknown_meter", `meter "${value}" is not in catalog "${catalog.id}"`, {
      meterId: value,
      catalogId: catalog.id,
    });
  }
  return value;
}

export function requireIdempotencyKey(value: unknown): string {
  if (
    typeof value !== "string" ||
    value.length === 0 ||
    value.length > MAX_IDEMPOTENCY_KEY_LENGTH
  ) {
    throw new MeteringError(
      "invalid_input",
      `idempotencyKey must be a string of 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
      { field: "idempotencyKey" },
    );
  }
  return value;
}

export function requireDate(field: string, value: unknown): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new MeteringError("invalid_input", `${field} must be a valid date`, { field });
  }
  return value;
}

/** A value as a client would recognise it in an error message, whatever its type. */
function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  return String(value);
}
