export interface RetryDelayInput {
  /** The attempt that just failed, from 1. */
  attempt: number;
  /** The first retry's ceiling; each later one doubles it. */
  baseMs: number;
  /** No backoff grows past this (Retry-After may still ask for longer). */
  maxMs: number;
  /** What the server's `Retry-After` asked for, when it sent one. */
  retryAfterMs?: number;
  /** A number in [0, 1): the jitter. */
  random: number;
}

/**
 * How long to wait before the next attempt: exponential backoff with full jitter (a random wait
 * up to the doubled ceiling, so many workers that failed together do not retry together), but
 * never sooner than the server's `Retry-After`.
 */
export function retryDelayMs({
  attempt,
  baseMs,
  maxMs,
  retryAfterMs,
  random,
}: RetryDelayInput): number {
  const ceilingMs = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  const jitteredMs = Math.round(random * ceilingMs);
  return Math.max(jitteredMs, retryAfterMs ?? 0);
}

/**
 * A `Retry-After` header in milliseconds: either delay-seconds or an HTTP date. Undefined when
 * the header is absent or unreadable, so a garbled header falls back to plain backoff.
 */
export function parseRetryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
