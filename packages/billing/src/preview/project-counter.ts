import type { BilledCounter } from "../close/draft-invoice-lines";

/**
 * A counter's usage at the end of its period if it keeps its pace so far: used × period length
 * / time elapsed, rounded down, in integers (BigInt, since seconds × milliseconds pass 2^53). A
 * period that has ended, or only just begun, projects what is used.
 */
export function projectCounter(counter: BilledCounter, now: Date): BilledCounter {
  const elapsedMs = BigInt(now.getTime() - counter.periodStart.getTime());
  const lengthMs = BigInt(counter.periodEnd.getTime() - counter.periodStart.getTime());
  if (elapsedMs <= 0n || elapsedMs >= lengthMs) return counter;
  const projected = (BigInt(counter.used) * lengthMs) / elapsedMs;
  if (projected > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`projected usage ${projected} is beyond Number.MAX_SAFE_INTEGER`);
  }
  return { ...counter, used: Number(projected) };
}
