export interface TokenBucketOptions {
  /** Tokens added per second: the sustained request rate. */
  ratePerSecond: number;
  /** How many tokens the bucket holds: the largest burst. Defaults to one second's worth. */
  capacity?: number;
  /** Milliseconds since some fixed point; tests pass a fake clock. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface TokenBucket {
  /**
   * Claims the next token and tells how long the caller must wait before using it (0 when one
   * was in the bucket). Claims are handed out in call order, so no waiting caller starves.
   */
  reserve(): number;
  /** Claims a token and waits until it is due. */
  take(): Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Paces requests to at most `ratePerSecond` on average, with bursts up to `capacity`. The bucket
 * may go below zero: each claim takes its token at once and waits until the refill has paid it
 * back, which keeps the order of concurrent callers without a queue.
 */
export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  const { ratePerSecond } = options;
  if (!Number.isFinite(ratePerSecond) || ratePerSecond <= 0) {
    throw new RangeError(`ratePerSecond must be a positive number, got ${ratePerSecond}`);
  }
  const capacity = options.capacity ?? Math.max(1, ratePerSecond);
  if (!Number.isFinite(capacity) || capacity < 1) {
    throw new RangeError(`capacity must be at least 1, got ${capacity}`);
  }
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? defaultSleep;

  let tokens = capacity;
  let refilledAt = now();

  function reserve(): number {
    const at = now();
    tokens = Math.min(capacity, tokens + ((at - refilledAt) / 1000) * ratePerSecond);
    refilledAt = at;
    tokens -= 1;
    return tokens >= 0 ? 0 : (-tokens / ratePerSecond) * 1000;
  }

  return {
    reserve,
    take: async () => {
      const waitMs = reserve();
      if (waitMs > 0) await sleep(waitMs);
    },
  };
}
