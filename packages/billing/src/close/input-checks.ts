import { BillingError } from "../errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Ids, dates and page sizes arrive from requests and jobs; these turn them into checked values or
// a BillingError before any query runs, so bad input never reaches the database as a cast error.

export function requireUuid(field: string, value: unknown): string {
  if (typeof value !== "string" || !UUID.test(value)) {
    throw new BillingError("invalid_input", `${field} must be a UUID`, { field });
  }
  return value;
}

export function requireDate(field: string, value: unknown): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new BillingError("invalid_input", `${field} must be a valid date`, { field });
  }
  return value;
}

export function requireWholeNumber(
  field: string,
  value: unknown,
  { min, max }: { min: number; max: number },
): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new BillingError(
      "invalid_input",
      `${field} must be a whole number from ${min} to ${max}, got ${String(value)}`,
      { field, value: String(value) },
    );
  }
  return value;
}
