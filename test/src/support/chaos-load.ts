/** How the load ended for one idempotency key. */
export type KeyStatus = "counted" | "refused";

/** An answer that was neither a success nor a limit refusal, kept for assertions. */
export interface FailedAttempt {
  key: string;
  /** Null when the connection failed (refused, reset) before any answer. */
  status: number | null;
  body: string;
}

export interface RetryingLoadOptions {
  /** Where the server is right now; read before each attempt, so it may move. */
  baseUrl: () => string;
  /** tRPC mutation path of a metered procedure, e.g. `coach.bookCall`. */
  path: string;
  headers: Record<string, string>;
  keys: readonly string[];
  workers: number;
  /** Called after every acknowledged answer (200 or 429) with the number acknowledged so far. */
  onAcknowledged?: (acknowledged: number) => void;
  /** Gives up (and throws) if some key is still unanswered after this long. */
  deadlineMs: number;
  /** Pause before retrying a key whose attempt failed. */
  retryDelayMs?: number;
}

export interface RetryingLoadResult {
  outcomes: Map<string, KeyStatus>;
  failures: FailedAttempt[];
}

/**
 * A client that does what a careful service does: each call carries its idempotency key, and a
 * call that got no answer (connection refused or reset) or a server error is retried with the
 * same key until it is acknowledged, either counted (200) or refused by the limit (429).
 */
export async function runRetryingLoad(options: RetryingLoadOptions): Promise<RetryingLoadResult> {
  const { path, headers, keys, workers, deadlineMs } = options;
  const retryDelayMs = options.retryDelayMs ?? 100;
  const outcomes = new Map<string, KeyStatus>();
  const failures: FailedAttempt[] = [];
  const deadline = Date.now() + deadlineMs;
  let next = 0;

  async function attempt(key: string): Promise<KeyStatus | null> {
    try {
      const response = await fetch(`${options.baseUrl()}/trpc/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers, "idempotency-key": key },
        body: "{}",
      });
      const body = await response.text();
      if (response.status === 200) return "counted";
      if (response.status === 429) return "refused";
      failures.push({ key, status: response.status, body });
      return null;
    } catch (error) {
      failures.push({ key, status: null, body: error instanceof Error ? error.message : "" });
      return null;
    }
  }

  async function worker(): Promise<void> {
    while (next < keys.length) {
      const key = keys[next++];
      if (key === undefined) return;
      for (;;) {
        if (Date.now() > deadline) {
          throw new Error(`key ${key} was still unacknowledged after ${deadlineMs} ms`);
        }
        const status = await attempt(key);
        if (status !== null) {
          outcomes.set(key, status);
          options.onAcknowledged?.(outcomes.size);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
      }
    }
  }

  await Promise.all(Array.from({ length: workers }, () => worker()));
  return { outcomes, failures };
}
