import { invalidRequest } from "./errors";
import type { FormMap, FormValue } from "./form-body";

const maxMetadataKeys = 50;
const maxMetadataKeyLength = 40;
const maxMetadataValueLength = 500;

/**
 * Reads typed parameters from a parsed form and remembers which names were read, so `finish()`
 * can refuse anything else the way Stripe does ("Received unknown parameter").
 */
export class ParamReader {
  private readonly used = new Set<string>();

  constructor(
    private readonly form: FormMap,
    private readonly prefix = "",
  ) {}

  private name(key: string): string {
    return this.prefix === "" ? key : `${this.prefix}[${key}]`;
  }

  private take(key: string): FormValue | undefined {
    this.used.add(key);
    return this.form[key];
  }

  private scalar(key: string): string | undefined {
    const value = this.take(key);
    if (value === undefined || typeof value === "string") {
      return value;
    }
    throw invalidRequest(`Invalid value for ${this.name(key)}: expected a string.`, this.name(key));
  }

  /** An optional string; `""` reads as `null`, which is how Stripe clears a nullable field. */
  string(key: string, maxLength = 5000): string | null | undefined {
    const value = this.scalar(key);
    if (value === undefined) {
      return undefined;
    }
    if (value.length > maxLength) {
      throw invalidRequest(
        `Invalid ${this.name(key)}: must be at most ${maxLength} characters.`,
        this.name(key),
      );
    }
    return value === "" ? null : value;
  }

  requiredString(key: string, maxLength = 5000): string {
    const value = this.string(key, maxLength);
    if (value === undefined || value === null) {
      throw invalidRequest(`Missing required param: ${this.name(key)}.`, this.name(key));
    }
    return value;
  }

  integer(key: string, min: number, max: number): number | undefined {
    const value = this.scalar(key);
    if (value === undefined) {
      return undefined;
    }
    if (!/^-?\d{1,16}$/.test(value)) {
      throw invalidRequest(
        `Invalid integer: ${value}`,
        this.name(key),
        "parameter_invalid_integer",
      );
    }
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      throw invalidRequest(
        `Invalid ${this.name(key)}: must be an integer between ${min} and ${max}.`,
        this.name(key),
        "parameter_invalid_integer",
      );
    }
    return parsed;
  }

  boolean(key: string): boolean | undefined {
    const value = this.scalar(key);
    if (value === undefined) {
      return undefined;
    }
    if (value !== "true" && value !== "false") {
      throw invalidRequest(`Invalid boolean: ${value}`, this.name(key));
    }
    return value === "true";
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T | undefined {
    const value = this.scalar(key);
    if (value === undefined) {
      return undefined;
    }
    const found = values.find((candidate) => candidate === value);
    if (found === undefined) {
      throw invalidRequest(
        `Invalid ${this.name(key)}: must be one of ${values.join(", ")}.`,
        this.name(key),
      );
    }
    return found;
  }

  /** A non-negative decimal with at most 12 fractional digits, kept as exact text. */
  decimal(key: string): string | undefined {
    const value = this.scalar(key);
    if (value === undefined) {
      return undefined;
    }
    if (!/^\d{1,12}(\.\d{1,12})?$/.test(value)) {
      throw invalidRequest(
        `Invalid decimal: ${value}`,
        this.name(key),
        "parameter_invalid_decimal",
      );
    }
    return value;
  }

  /** `metadata[k]=v` pairs with Stripe's limits; `metadata=` (empty) means "no metadata". */
  metadata(key = "metadata"): Record<string, string> | undefined {
    const value = this.take(key);
    if (value === undefined) {
      return undefined;
    }
    if (typeof value === "string") {
      if (value === "") {
        return {};
      }
      throw invalidRequest(`Invalid ${this.name(key)}: expected a hash.`, this.name(key));
    }
    const entries = Object.entries(value);
    if (entries.length > maxMetadataKeys) {
      throw invalidRequest(
        `Invalid ${this.name(key)}: at most ${maxMetadataKeys} keys are allowed.`,
        this.name(key),
      );
    }
    const out: Record<string, string> = {};
    for (const [metadataKey, metadataValue] of entries) {
      const param = `${this.name(key)}[${metadataKey}]`;
      if (typeof metadataValue !== "string") {
        throw invalidRequest(`Invalid ${param}: metadata values must be strings.`, param);
      }
      if (metadataKey.length > maxMetadataKeyLength) {
        throw invalidRequest(
          `Invalid ${param}: keys must be at most ${maxMetadataKeyLength} characters.`,
          param,
        );
      }
      if (metadataValue.length > maxMetadataValueLength) {
        throw invalidRequest(
          `Invalid ${param}: values must be at most ${maxMetadataValueLength} characters.`,
          param,
        );
      }
      // Stripe deletes a key when its value is empty; on create that simply leaves it out.
      if (metadataValue !== "") {
        out[metadataKey] = metadataValue;
      }
    }
    return out;
  }

  /** `expand[0]=a&expand[1]=b` (or `expand[]=`) in index order. */
  stringArray(key: string): string[] | undefined {
    const value = this.take(key);
    if (value === undefined) {
      return undefined;
    }
    if (typeof value === "string") {
      if (value === "") {
        return [];
      }
      throw invalidRequest(`Invalid array: ${this.name(key)}`, this.name(key));
    }
    const indexes = Object.keys(value);
    if (!indexes.every((index) => /^\d{1,4}$/.test(index))) {
      throw invalidRequest(`Invalid array: ${this.name(key)}`, this.name(key));
    }
    return indexes
      .map(Number)
      .sort((a, b) => a - b)
      .map((index) => {
        const item = value[String(index)];
        if (typeof item !== "string") {
          throw invalidRequest(`Invalid array item: ${this.name(key)}[${index}]`, this.name(key));
        }
        return item;
      });
  }

  /** A nested hash such as `period[start]`, read with its own reader. */
  nested(key: string): ParamReader | undefined {
    const value = this.take(key);
    if (value === undefined) {
      return undefined;
    }
    if (typeof value === "string") {
      throw invalidRequest(`Invalid ${this.name(key)}: expected a hash.`, this.name(key));
    }
    return new ParamReader(value, this.name(key));
  }

  /** Refuses any parameter that was never read. */
  finish(): void {
    for (const key of Object.keys(this.form)) {
      if (!this.used.has(key)) {
        throw invalidRequest(`Received unknown parameter: ${this.name(key)}`, this.name(key));
      }
    }
  }
}
