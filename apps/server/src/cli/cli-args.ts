import { parseArgs } from "node:util";

/** A mistake in how a command was called: printed with its usage, exit code 2. */
export class CliUsageError extends Error {
  override readonly name = "CliUsageError";
}

/**
 * Reads `--name value` options, refusing anything the command does not know, so a typo such as
 * `--form` fails loudly instead of being ignored.
 */
export function readOptions<const T extends string>(
  argv: readonly string[],
  names: readonly T[],
): Partial<Record<T, string>> {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: Object.fromEntries(names.map((name) => [name, { type: "string" as const }])),
      strict: true,
      allowPositionals: false,
    });
    return values as Partial<Record<T, string>>;
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * An ISO 8601 date (`2026-01-01`, midnight UTC) or date-time with its offset
 * (`2026-01-01T12:00:00Z`); anything else, including impossible dates like Feb 30, is refused.
 */
export function parseIsoDate(option: string, value: string | undefined): Date {
  if (value === undefined) throw new CliUsageError(`--${option} is required`);
  if (!ISO_DATE.test(value)) {
    throw new CliUsageError(
      `--${option} must be an ISO date such as 2026-01-01 or 2026-01-01T00:00:00Z, got "${value}"`,
    );
  }
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (
    Number.isNaN(date.getTime()) ||
    (value.length === 10 && date.toISOString().slice(0, 10) !== value)
  ) {
    throw new CliUsageError(`--${option} is not a real date: "${value}"`);
  }
  return date;
}

/** A whole number option within bounds, or its default when absent. */
export function parseWholeNumber(
  option: string,
  value: string | undefined,
  { min, max, fallback }: { min: number; max: number; fallback: number },
): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new CliUsageError(
      `--${option} must be a whole number from ${min} to ${max}, got "${value}"`,
    );
  }
  return Number(value);
}
