import type { Period } from "@tally/tier-config";

export interface ProjectUsageInput {
  used: number;
  period: Period;
  now: Date;
  /** A one-time allowance has no end to project to. */
  lifetime: boolean;
  /** Nothing is ever blocked or charged on an unlimited meter, so nothing is projected. */
  unlimited: boolean;
  /** Usage cannot pass it, so neither does the projection; null when nothing blocks. */
  hardLimit: number | null;
}

/**
 * Usage at the end of the period if it keeps its pace so far: used × period length / elapsed,
 * rounded down, in integers (BigInt, since seconds × milliseconds pass 2^53). A period that has
 * only just begun projects nothing beyond what is used.
 */
export function projectUsage({
  used,
  period,
  now,
  lifetime,
  unlimited,
  hardLimit,
}: ProjectUsageInput): number {
  const elapsedMs = BigInt(now.getTime() - period.start.getTime());
  const lengthMs = BigInt(period.end.getTime() - period.start.getTime());
  if (lifetime || unlimited || elapsedMs <= 0n || elapsedMs >= lengthMs) {
    return used;
  }
  const projected = (BigInt(used) * lengthMs) / elapsedMs;
  const capped =
    hardLimit !== null && projected > BigInt(hardLimit) ? BigInt(hardLimit) : projected;
  return Number(capped);
}
