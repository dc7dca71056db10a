/** Throws unless `value` is an integer in 0..Number.MAX_SAFE_INTEGER. */
export function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
  }
}

/** Throws unless `value` is an integer in 1..Number.MAX_SAFE_INTEGER. */
export function assertPositiveCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive safe integer, got ${value}`);
  }
}

/** Throws unless `value` is a Date holding a real instant. */
export function assertValidDate(name: string, value: Date): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new RangeError(`${name} must be a valid Date, got ${String(value)}`);
  }
}
