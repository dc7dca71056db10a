const MAX_THRESHOLD_PERCENT = 1000;

export interface ThresholdsProblem {
  index: number;
  message: string;
}

/**
 * The first reason a list of alert thresholds is unusable, or null when it is fine: integer
 * percents in 1..1000, strictly increasing so each alert fires at a distinct level. An empty
 * list is fine and means no alerts.
 */
export function thresholdsProblem(thresholdsPercent: readonly number[]): ThresholdsProblem | null {
  for (const [index, percent] of thresholdsPercent.entries()) {
    if (!Number.isInteger(percent) || percent < 1 || percent > MAX_THRESHOLD_PERCENT) {
      return {
        index,
        message: `must be an integer percent in 1..${MAX_THRESHOLD_PERCENT}, got ${percent}`,
      };
    }
    const previous = thresholdsPercent[index - 1];
    if (previous !== undefined && percent <= previous) {
      return {
        index,
        message: `must be greater than the threshold before it (${previous}), got ${percent}`,
      };
    }
  }
  return null;
}

export function assertThresholds(thresholdsPercent: readonly number[]): void {
  const problem = thresholdsProblem(thresholdsPercent);
  if (problem !== null) {
    throw new RangeError(`thresholdsPercent[${problem.index}] ${problem.message}`);
  }
}

/**
 * Whether `used` has reached `percent` of `allowance`, compared as integers. Nothing is reached
 * before any usage, so an allowance of 0 does not alert an account that has not used the meter.
 */
export function thresholdReached(used: number, allowance: number, percent: number): boolean {
  return used > 0 && BigInt(used) * 100n >= BigInt(allowance) * BigInt(percent);
}
