import { usageEvents } from "@tally/db";
import { and, eq } from "drizzle-orm";
import { MeteringError } from "../errors";
import { decrementCounter } from "./counter-queries";
import type { MeteringDeps } from "./deps";
import { requireDate } from "./validate-input";

export interface ReleaseInput {
  accountId: string;
  /** The `eventId` a reservation answered with. */
  eventId: number;
  now: Date;
}

/**
 * Takes back a reservation whose handler failed: appends a `release` row and lowers the counter in
 * one transaction. The release row is unique per usage event, so a second release (a retry, or a
 * concurrent one) finds it taken and changes nothing. An event of another account is not found,
 * exactly like one that does not exist.
 */
export async function release(
  { db }: MeteringDeps,
  { accountId, eventId, now: rawNow }: ReleaseInput,
): Promise<{ released: boolean }> {
  const now = requireDate("now", rawNow);
  if (!Number.isSafeInteger(eventId) || eventId < 1) {
    throw new MeteringError("invalid_input", "eventId must be a positive integer", {
      field: "eventId",
    });
  }
  return db.transaction(async (tx) => {
    const [usage] = await tx
      .select({
        meterId: usageEvents.meterId,
        quantity: usageEvents.quantity,
        periodStart: usageEvents.periodStart,
      })
      .from(usageEvents)
      .where(
        and(
          eq(usageEvents.id, eventId),
          eq(usageEvents.accountId, accountId),
          eq(usageEvents.kind, "usage"),
        ),
      );
    if (usage === undefined) {
      throw new MeteringError("not_found", `usage event ${eventId} not found`, { eventId });
    }
    const [released] = await tx
      .insert(usageEvents)
      .values({
        ...usage,
        accountId,
        kind: "release",
        releaseOfEventId: eventId,
        occurredAt: now,
        recordedAt: now,
      })
      .onConflictDoNothing({ target: usageEvents.releaseOfEventId })
      .returning({ id: usageEvents.id });
    if (released === undefined) {
      return { released: false };
    }
    await decrementCounter(tx, { accountId, ...usage }, usage.quantity);
    return { released: true };
  });
}
