/**
 * The name of the constraint a failed query violated, or undefined for any other error. Drizzle
 * wraps the driver's error as `cause`, and the drivers name the field differently: postgres.js
 * `constraint_name`, PGlite `constraint`.
 */
export function violatedConstraint(error: unknown): string | undefined {
  let current = error;
  while (typeof current === "object" && current !== null) {
    if ("constraint_name" in current && typeof current.constraint_name === "string") {
      return current.constraint_name;
    }
    if ("constraint" in current && typeof current.constraint === "string") {
      return current.constraint;
    }
    current = "cause" in current ? current.cause : undefined;
  }
  return undefined;
}

/** The SQLSTATE of a database error (e.g. "23505"), however deep the driver and Drizzle wrapped it. */
export function sqlState(error: unknown): string | undefined {
  let current = error;
  while (typeof current === "object" && current !== null) {
    if (
      "code" in current &&
      typeof current.code === "string" &&
      /^[0-9A-Z]{5}$/.test(current.code)
    ) {
      return current.code;
    }
    current = "cause" in current ? current.cause : undefined;
  }
  return undefined;
}
