const MS_PER_DAY = 86_400_000;

/** When a trial of `trialDays` started at `start` ends: whole days of 24 hours, in UTC. */
export function trialEnd(start: Date, trialDays: number): Date {
  return new Date(start.getTime() + trialDays * MS_PER_DAY);
}
