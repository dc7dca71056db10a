/** A 429 from a metered procedure: which meter refused, where it stands, and the way out. */
export interface LimitRefusal {
  message: string;
  reason: string | null;
  meter: string | null;
  used: number | null;
  limit: number | null;
  resetsAt: string | null;
  upgradeTo: string | null;
}

/** A 403 from a locked module: the plan that unlocks it. */
export interface ModuleRefusal {
  message: string;
  module: string | null;
  requiredPlan: string | null;
}

function dataOf(error: unknown): Record<string, unknown> | null {
  if (typeof error !== "object" || error === null || !("data" in error)) return null;
  const data: unknown = error.data;
  return typeof data === "object" && data !== null ? (data as Record<string, unknown>) : null;
}

function stringOf(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function numberOf(value: unknown): number | null {
  return typeof value === "number" ? value : null;
}

/** The message a person should read; never a stack trace. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong. Please try again.";
}

/** The fields of a TOO_MANY_REQUESTS error, or null for any other error. */
export function readLimitRefusal(error: unknown): LimitRefusal | null {
  const data = dataOf(error);
  if (data === null || data.code !== "TOO_MANY_REQUESTS") return null;
  return {
    message: errorMessage(error),
    reason: stringOf(data.reason),
    meter: stringOf(data.meter),
    used: numberOf(data.used),
    limit: numberOf(data.limit),
    resetsAt: stringOf(data.resetsAt),
    upgradeTo: stringOf(data.upgradeTo),
  };
}

/** The fields of a FORBIDDEN error about a module, or null for any other error. */
export function readModuleRefusal(error: unknown): ModuleRefusal | null {
  const data = dataOf(error);
  if (data === null || data.code !== "FORBIDDEN") return null;
  return {
    message: errorMessage(error),
    module: stringOf(data.module),
    requiredPlan: stringOf(data.requiredPlan),
  };
}

/** Whether the server said the caller is not signed in (an expired session, say). */
export function isUnauthorized(error: unknown): boolean {
  return dataOf(error)?.code === "UNAUTHORIZED";
}
