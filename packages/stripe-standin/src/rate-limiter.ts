/**
 * A sliding one-second window over accepted requests, as Stripe limits requests per second per
 * account. Refused requests do not count against the window.
 */
export class RateLimiter {
  private readonly acceptedAtMs: number[] = [];
  accepted = 0;
  limited = 0;

  constructor(
    private readonly perSecond: number | undefined,
    private readonly clockMs: () => number,
  ) {
    if (perSecond !== undefined && (!Number.isInteger(perSecond) || perSecond < 1)) {
      throw new Error(`rateLimitPerSecond must be a positive integer, got ${perSecond}`);
    }
  }

  /** Returns 0 when the request may proceed, else the seconds to wait (for `Retry-After`). */
  admit(): number {
    const now = this.clockMs();
    if (this.perSecond === undefined) {
      this.accepted += 1;
      return 0;
    }
    while (this.acceptedAtMs.length > 0 && (this.acceptedAtMs[0] ?? 0) <= now - 1000) {
      this.acceptedAtMs.shift();
    }
    if (this.acceptedAtMs.length >= this.perSecond) {
      this.limited += 1;
      const oldest = this.acceptedAtMs[0] ?? now;
      return Math.max(1, Math.ceil((oldest + 1000 - now) / 1000));
    }
    this.acceptedAtMs.push(now);
    this.accepted += 1;
    return 0;
  }

  reset(): void {
    this.acceptedAtMs.length = 0;
    this.accepted = 0;
    this.limited = 0;
  }
}
