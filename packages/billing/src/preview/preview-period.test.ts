import { randomUUID } from "node:crypto";
import { useTestDatabase } from "@tally/db/testing";
import { coaching, reports } from "@tally/tier-config";
import { describe, expect, it } from "vitest";
import { closePeriod } from "../close/close-period";
import { addDays, newAccount, use } from "../close/test-accounts";
import { isBillingError } from "../errors";
import { previewPeriod } from "./preview-period";

const bed = useTestDatabase();

// The first billing period is [Jan 10, Feb 10) 2025: 31 days, so its middle is Jan 25, 21:00.
const ANCHOR = new Date("2025-01-10T09:00:00Z");
const FEB_10 = new Date("2025-02-10T09:00:00Z");
const MIDDLE = new Date("2025-01-25T21:00:00Z");

function amounts(lines: { kind: string; meterId: string | null; amountCents: number }[]) {
  return lines.map((line) => [line.kind, line.meterId, line.amountCents]);
}

describe("previewPeriod", () => {
  it("shows the open period so far and projected at the pace so far", async () => {
    const { accountId } = await newAccount(bed.db, coaching, { planId: "growth", anchor: ANCHOR });
    await use(bed.db, coaching, {
      accountId,
      meterId: "ai_voice_seconds",
      quantity: 10_000,
      now: MIDDLE,
    });
    await use(bed.db, coaching, { accountId, meterId: "coach_calls", quantity: 1, now: MIDDLE });

    const preview = await previewPeriod(bed.db, coaching, { accountId, now: MIDDLE });
    expect(preview).toMatchObject({
      periodStart: ANCHOR,
      periodEnd: FEB_10,
      currency: "usd",
      totalCents: 7900,
    });
    expect(amounts(preview.lines)).toEqual([["base", null, 7900]]);
    // Half the period gone: 20,000 seconds (34 started minutes past 300) and 2 calls projected.
    expect(amounts(preview.projected.lines)).toEqual([
      ["base", null, 7900],
      ["overage", "ai_voice_seconds", 34 * 8],
      ["overage", "coach_calls", 2500],
    ]);
    expect(preview.projected.totalCents).toBe(7900 + 272 + 2500);
  });

  it("agrees with the close once the period ends", async () => {
    const { accountId } = await newAccount(bed.db, coaching, {
      planId: "lifestyle",
      anchor: ANCHOR,
    });
    await use(bed.db, coaching, {
      accountId,
      meterId: "ai_voice_seconds",
      quantity: 9000,
      now: MIDDLE,
    });
    const midway = await previewPeriod(bed.db, coaching, { accountId, now: MIDDLE });
    const lastInstant = await previewPeriod(bed.db, coaching, {
      accountId,
      now: new Date(FEB_10.getTime() - 1),
    });

    const closed = await closePeriod(bed.db, coaching, {
      accountId,
      periodStart: ANCHOR,
      now: FEB_10,
    });
    const closedLines = closed.lines.map(
      ({ kind, meterId, description, quantity, amountCents }) => ({
        kind,
        meterId,
        description,
        quantity,
        amountCents,
      }),
    );
    expect(midway.lines).toMatchObject(closedLines);
    expect(lastInstant.projected.lines).toMatchObject(closedLines);
    expect(lastInstant.projected.totalCents).toBe(closed.invoice.totalCents);
    expect(closed.invoice.totalCents).toBe(2900 + 30 * 10);
  });

  it("previews the calendar month that ends in the billing period", async () => {
    const { accountId } = await newAccount(bed.db, reports, { planId: "pro", anchor: ANCHOR });
    await use(bed.db, reports, {
      accountId,
      meterId: "reports",
      quantity: 320,
      now: addDays(ANCHOR, 5),
    });
    const preview = await previewPeriod(bed.db, reports, { accountId, now: addDays(ANCHOR, 6) });
    expect(preview.lines[1]).toMatchObject({
      periodStart: new Date("2025-01-01T00:00:00Z"),
      periodEnd: new Date("2025-02-01T00:00:00Z"),
      billableUnits: 20,
      amountCents: 3000,
    });
  });

  it("refuses an account without a subscription", async () => {
    const error = await previewPeriod(bed.db, coaching, {
      accountId: randomUUID(),
      now: MIDDLE,
    }).catch((caught: unknown) => caught);
    expect(isBillingError(error, "not_found")).toBe(true);
  });
});
