/** The SQLSTATE of a database error, however deep the driver and Drizzle wrapped it. */
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
