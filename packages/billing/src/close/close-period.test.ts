import { randomUUID } from "node:crypto";
import { invoiceLines, invoices, subscriptions } from "@tally/db";
import { useTestDatabase } from "@tally/db/testing";
import { cancelSubscription, changePlan, setLimitOverride } from "@tally/metering";
import { type AnyCatalog, assistant, coaching, reports } from "@tally/tier-config";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { isBillingError } from "../errors";
import { type ClosePeriodResult, closePeriod } from "./close-period";
import { addDays, insertUser, newAccount, use } from "./test-accounts";

const bed = useTestDatabase();

// A timeline in the past: the first billing period is [Jan 10, Feb 10) 2025.
const ANCHOR = new Date("2025-01-10T09:00:00Z");
const FEB_10 = new Date("2025-02-10T09:00:00Z");
const MAR_10 = new Date("2025-03-10T09:00:00Z");
const AFTER_FEB_10 = addDays(FEB_10, 1);
const MINUTE = 60;

type Usage = [meterId: string, quantity: number];

/** An account on `planId` with `usage` counted mid-period, and its first period closed. */
async function closedFirstPeriod(
  catalog: AnyCatalog,
  planId: string,
  usage: Usage[],
): Promise<ClosePeriodResult> {
  const { accountId } = await newAccount(bed.db, catalog, { planId, anchor: ANCHOR });
  for (const [meterId, quantity] of usage) {
    await use(bed.db, catalog, { accountId, meterId, quantity, now: addDays(ANCHOR, 5) });
  }
  return closePeriod(bed.db, catalog, { accountId, periodStart: ANCHOR, now: AFTER_FEB_10 });
}

function amounts({ lines }: ClosePeriodResult) {
  return lines.map((line) => [line.kind, line.meterId, line.amountCents]);
}

/** `date` moved by whole calendar months, as billing periods are. */
function monthsAfter(date: Date, months: number): Date {
  const moved = new Date(date);
  moved.setUTCMonth(moved.getUTCMonth() + months);
  return moved;
}

/** A platform admin overrides the account's coach-call allowance, now. */
async function overrideCoachCalls(accountId: string, allowance: number | "unlimited") {
  const admin = await insertUser(bed.db);
  await setLimitOverride(bed.db, coaching, {
    accountId,
    meterId: "coach_calls",
    allowance,
    reason: "billing test",
    actor: { userId: admin.id, isAdmin: true },
  });
}

async function expectRefusal(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(isBillingError(error) ? error.code : error).toBe(code);
}

describe("closePeriod amounts on the coaching catalog", () => {
  it.each<[string, string, Usage[], (string | number | null)[][]]>([
    ["Free is never charged", "free", [["ai_voice_seconds", 800]], []],
    [
      "Lifestyle below the cap",
      "lifestyle",
      [["ai_voice_seconds", 7200 + 199 * MINUTE]],
      [
        ["base", null, 2900],
        ["overage", "ai_voice_seconds", 1990],
      ],
    ],
    [
      "Lifestyle exactly at the cap",
      "lifestyle",
      [["ai_voice_seconds", 7200 + 200 * MINUTE]],
      [
        ["base", null, 2900],
        ["overage", "ai_voice_seconds", 2000],
      ],
    ],
    [
      "Lifestyle above the cap pays the cap",
      "lifestyle",
      [["ai_voice_seconds", 7200 + 500 * MINUTE]],
      [
        ["base", null, 2900],
        ["overage", "ai_voice_seconds", 2000],
      ],
    ],
    [
      "Growth exactly at both allowances",
      "growth",
      [
        ["ai_voice_seconds", 18_000],
        ["coach_calls", 1],
      ],
      [["base", null, 7900]],
    ],
    [
      "Growth one unit past both allowances",
      "growth",
      [
        ["ai_voice_seconds", 18_001],
        ["coach_calls", 2],
      ],
      [
        ["base", null, 7900],
        ["overage", "ai_voice_seconds", 8],
        ["overage", "coach_calls", 2500],
      ],
    ],
    [
      "Growth's voice minutes round up per started minute",
      "growth",
      [
        ["ai_voice_seconds", 18_000 + 36 * MINUTE + 1],
        ["coach_calls", 3],
      ],
      [
        ["base", null, 7900],
        ["overage", "ai_voice_seconds", 296],
        ["overage", "coach_calls", 5000],
      ],
    ],
    [
      "Mastery pays calls only",
      "mastery",
      [
        ["ai_voice_seconds", 500_000],
        ["coach_calls", 6],
      ],
      [
        ["base", null, 19_900],
        ["overage", "coach_calls", 4000],
      ],
    ],
  ])("%s", async (_name, planId, usage, expected) => {
    const closed = await closedFirstPeriod(coaching, planId, usage);
    expect(amounts(closed)).toEqual(expected);
    const total = expected.reduce((sum, [, , cents]) => sum + Number(cents), 0);
    expect(closed.invoice).toMatchObject({ subtotalCents: total, totalCents: total });
  });

  it("writes the invoice as the customer will read it", async () => {
    const closed = await closedFirstPeriod(coaching, "lifestyle", [["ai_voice_seconds", 30_000]]);
    expect(closed.lines.map((line) => line.description)).toEqual([
      "Lifestyle plan, Jan 10 – Feb 10, 2025",
      "AI voice minutes over the included 120: 380 min × $0.10 (capped at $20.00)",
    ]);
    expect(closed.lines[1]).toMatchObject({
      periodStart: ANCHOR,
      periodEnd: FEB_10,
      quantity: 22_800,
      billableUnits: 380,
      unitPriceCentsDecimal: "10",
      capCents: 2000,
      capped: true,
    });
  });

  it("leaves a positive total as a draft waiting for Stripe", async () => {
    const { invoice } = await closedFirstPeriod(coaching, "growth", []);
    expect(invoice).toMatchObject({
      status: "draft",
      currency: "usd",
      paidAt: null,
      stripeInvoiceId: null,
      sentAt: null,
    });
  });

  it("marks a zero total paid at close, never to be sent", async () => {
    const { invoice, lines } = await closedFirstPeriod(coaching, "free", []);
    expect(lines).toEqual([]);
    expect(invoice).toMatchObject({ status: "paid", totalCents: 0, paidAt: AFTER_FEB_10 });
    expect(invoice.stripeInvoiceId).toBeNull();
  });
});

describe("closePeriod on the reports catalog (calendar months, billed from the 10th)", () => {
  it("bills each calendar month once, in the billing period it ends in", async () => {
    const { accountId } = await newAccount(bed.db, reports, { planId: "pro", anchor: ANCHOR });
    const count = (quantity: number, now: Date) =>
      use(bed.db, reports, { accountId, meterId: "reports", quantity, now });
    await count(305, new Date("2025-01-20T00:00:00Z"));
    // February's reports straddle two billing periods: both halves are billed with March 1's.
    await count(200, new Date("2025-02-05T00:00:00Z"));
    await count(110, new Date("2025-02-20T00:00:00Z"));

    const first = await closePeriod(bed.db, reports, {
      accountId,
      periodStart: ANCHOR,
      now: MAR_10,
    });
    const second = await closePeriod(bed.db, reports, {
      accountId,
      periodStart: FEB_10,
      now: MAR_10,
    });
    expect(
      first.lines.map((line) => [line.periodStart, line.billableUnits, line.amountCents]),
    ).toEqual([
      [ANCHOR, 1, 4900],
      [new Date("2025-01-01T00:00:00Z"), 5, 750],
    ]);
    expect(
      second.lines.map((line) => [line.periodStart, line.billableUnits, line.amountCents]),
    ).toEqual([
      [FEB_10, 1, 4900],
      [new Date("2025-02-01T00:00:00Z"), 10, 1500],
    ]);
    expect(second.lines[1]?.description).toBe(
      "Reports over the included 300 (Feb 1 – Mar 1, 2025): 10 × $1.50",
    );
  });
});

describe("closePeriod on the assistant catalog", () => {
  it("bills the annual base and twelve months of every seat on Teams", async () => {
    const { accountId } = await newAccount(bed.db, assistant, {
      planId: "teams",
      anchor: ANCHOR,
      interval: "year",
    });
    await bed.db
      .update(subscriptions)
      .set({ seats: 3 })
      .where(eq(subscriptions.accountId, accountId));
    await use(bed.db, assistant, { accountId, meterId: "requests", quantity: 4000, now: MAR_10 });
    const closed = await closePeriod(bed.db, assistant, {
      accountId,
      periodStart: ANCHOR,
      now: new Date("2026-01-10T09:00:00Z"),
    });
    expect(closed.lines.map((line) => [line.kind, line.quantity, line.amountCents])).toEqual([
      ["base", 1, 58_800],
      ["seats", 3, 43_200],
    ]);
    expect(closed.lines[0]?.description).toBe("Teams plan (annual), Jan 10, 2025 – Jan 10, 2026");
    expect(closed.invoice.totalCents).toBe(102_000);
  });

  it("never bills the hard limits of Pro", async () => {
    const closed = await closedFirstPeriod(assistant, "pro", [
      ["requests", 1000],
      ["tokens", 1_000_000],
    ]);
    expect(amounts(closed)).toEqual([["base", null, 1000]]);
  });
});

describe("closePeriod is idempotent", () => {
  it("closing twice changes nothing", async () => {
    const first = await closedFirstPeriod(coaching, "growth", [["coach_calls", 3]]);
    const again = await closePeriod(bed.db, coaching, {
      accountId: first.invoice.accountId,
      periodStart: ANCHOR,
      now: addDays(AFTER_FEB_10, 30),
    });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.invoice).toEqual(first.invoice);
    expect(again.lines).toEqual(first.lines);
  });

  it("20 concurrent closers store one invoice and one set of lines", async () => {
    const { accountId } = await newAccount(bed.db, coaching, { planId: "growth", anchor: ANCHOR });
    const inSecondPeriod = addDays(FEB_10, 3);
    await use(bed.db, coaching, {
      accountId,
      meterId: "coach_calls",
      quantity: 4,
      now: inSecondPeriod,
    });
    await use(bed.db, coaching, {
      accountId,
      meterId: "ai_voice_seconds",
      quantity: 20_000,
      now: inSecondPeriod,
    });
    const closers = Array.from({ length: 20 }, () =>
      closePeriod(bed.db, coaching, { accountId, periodStart: FEB_10, now: addDays(MAR_10, 30) }),
    );
    const results = await Promise.all(closers);

    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.invoice.id)).size).toBe(1);
    const stored = await bed.db.select().from(invoices).where(eq(invoices.accountId, accountId));
    const lines = await bed.db
      .select()
      .from(invoiceLines)
      .where(eq(invoiceLines.accountId, accountId));
    expect(stored).toHaveLength(1);
    expect(lines.map((line) => line.amountCents).sort((a, b) => a - b)).toEqual([272, 7500, 7900]);
    expect(stored[0]?.totalCents).toBe(272 + 7500 + 7900);
    for (const result of results) expect(result.lines).toHaveLength(3);
  });
});

describe("closePeriod bills the terms in effect at the end of the period", () => {
  it("an upgrade after the period ended does not change its amounts", async () => {
    const { accountId, actor } = await newAccount(bed.db, coaching, {
      planId: "growth",
      anchor: ANCHOR,
    });
    await use(bed.db, coaching, {
      accountId,
      meterId: "coach_calls",
      quantity: 3,
      now: addDays(ANCHOR, 3),
    });
    await changePlan(bed.db, coaching, {
      accountId,
      toPlanId: "mastery",
      actor,
      now: AFTER_FEB_10,
    });

    const closed = await closePeriod(bed.db, coaching, {
      accountId,
      periodStart: ANCHOR,
      now: addDays(AFTER_FEB_10, 1),
    });
    expect(amounts(closed)).toEqual([
      ["base", null, 7900],
      ["overage", "coach_calls", 5000],
    ]);
  });

  it("a limit override set after the period ended is not applied to it", async () => {
    const { accountId } = await newAccount(bed.db, coaching, { planId: "growth", anchor: ANCHOR });
    await use(bed.db, coaching, {
      accountId,
      meterId: "coach_calls",
      quantity: 3,
      now: addDays(ANCHOR, 3),
    });
    await overrideCoachCalls(accountId, "unlimited");
    const closed = await closePeriod(bed.db, coaching, {
      accountId,
      periodStart: ANCHOR,
      now: AFTER_FEB_10,
    });
    expect(amounts(closed)).toEqual([
      ["base", null, 7900],
      ["overage", "coach_calls", 5000],
    ]);
  });
});

// History lines are stamped with the database's clock, so the tests below, which change plans
// during a period, run their periods around the real present: the period starts three days ago.
describe("closePeriod follows plan changes made during the period", () => {
  async function accountStartedDaysAgo(planId: string) {
    const anchor = addDays(new Date(), -3);
    const account = await newAccount(bed.db, coaching, { planId, anchor });
    return { ...account, anchor, secondPeriod: monthsAfter(anchor, 1) };
  }

  /** Closes the account's first two periods, once both have ended. */
  async function closeFirstTwoPeriods(accountId: string, anchor: Date) {
    const now = monthsAfter(anchor, 2);
    const first = await closePeriod(bed.db, coaching, { accountId, periodStart: anchor, now });
    const second = await closePeriod(bed.db, coaching, {
      accountId,
      periodStart: monthsAfter(anchor, 1),
      now,
    });
    return { first, second };
  }

  it("an upgrade during the period bills the whole period on the new plan", async () => {
    const { accountId, actor, anchor, secondPeriod } = await accountStartedDaysAgo("lifestyle");
    await use(bed.db, coaching, {
      accountId,
      meterId: "ai_voice_seconds",
      quantity: 20_000,
      now: addDays(anchor, 1),
    });
    await changePlan(bed.db, coaching, { accountId, toPlanId: "growth", actor, now: new Date() });

    const closed = await closePeriod(bed.db, coaching, {
      accountId,
      periodStart: anchor,
      now: addDays(secondPeriod, 1),
    });
    expect(amounts(closed)).toEqual([
      ["base", null, 7900],
      ["overage", "ai_voice_seconds", 34 * 8],
    ]);
  });

  it("a limit override in effect at the period's end is honoured", async () => {
    const { accountId, anchor, secondPeriod } = await accountStartedDaysAgo("growth");
    await overrideCoachCalls(accountId, 5);
    await use(bed.db, coaching, {
      accountId,
      meterId: "coach_calls",
      quantity: 6,
      now: new Date(),
    });

    const closed = await closePeriod(bed.db, coaching, {
      accountId,
      periodStart: anchor,
      now: secondPeriod,
    });
    expect(amounts(closed)).toEqual([
      ["base", null, 7900],
      ["overage", "coach_calls", 2500],
    ]);
    expect(closed.lines[1]?.description).toBe("Human coach calls over the included 5: 1 × $25.00");
  });

  it("a downgrade bills the period it was asked in on the old plan, the next on the new", async () => {
    const { accountId, actor, anchor } = await accountStartedDaysAgo("growth");
    await changePlan(bed.db, coaching, {
      accountId,
      toPlanId: "lifestyle",
      actor,
      now: new Date(),
    });

    const { first, second } = await closeFirstTwoPeriods(accountId, anchor);
    expect(amounts(first)).toEqual([["base", null, 7900]]);
    expect(amounts(second)).toEqual([["base", null, 2900]]);
  });

  it("a cancel bills the paid period, then nothing", async () => {
    const { accountId, actor, anchor } = await accountStartedDaysAgo("mastery");
    await cancelSubscription(bed.db, coaching, { accountId, actor, now: new Date() });
    const { first, second } = await closeFirstTwoPeriods(accountId, anchor);
    expect(amounts(first)).toEqual([["base", null, 19_900]]);
    expect(second.invoice).toMatchObject({ totalCents: 0, status: "paid" });
  });
});

describe("closePeriod refuses what it cannot close", () => {
  it("refuses a period that has not ended", async () => {
    const { accountId } = await newAccount(bed.db, coaching, { planId: "growth", anchor: ANCHOR });
    await expectRefusal(
      closePeriod(bed.db, coaching, { accountId, periodStart: ANCHOR, now: addDays(FEB_10, -1) }),
      "period_not_ended",
    );
    const stored = await bed.db.select().from(invoices).where(eq(invoices.accountId, accountId));
    expect(stored).toEqual([]);
  });

  it("refuses a period ending a millisecond from now", async () => {
    const { accountId } = await newAccount(bed.db, coaching, { planId: "growth", anchor: ANCHOR });
    await expectRefusal(
      closePeriod(bed.db, coaching, {
        accountId,
        periodStart: ANCHOR,
        now: new Date(FEB_10.getTime() - 1),
      }),
      "period_not_ended",
    );
  });

  it.each([
    ["a start that is not a period boundary", addDays(ANCHOR, 1)],
    ["a period before the account's first", new Date("2024-12-10T09:00:00Z")],
  ])("refuses %s", async (_name, periodStart) => {
    const { accountId } = await newAccount(bed.db, coaching, { planId: "growth", anchor: ANCHOR });
    await expectRefusal(
      closePeriod(bed.db, coaching, { accountId, periodStart, now: MAR_10 }),
      "not_a_billing_period",
    );
  });

  it("refuses an account that does not exist", async () => {
    await expectRefusal(
      closePeriod(bed.db, coaching, { accountId: randomUUID(), periodStart: ANCHOR, now: MAR_10 }),
      "not_found",
    );
  });

  it("refuses malformed input before touching the database", async () => {
    await expectRefusal(
      closePeriod(bed.db, coaching, { accountId: "acct-1", periodStart: ANCHOR, now: MAR_10 }),
      "invalid_input",
    );
    await expectRefusal(
      closePeriod(bed.db, coaching, {
        accountId: randomUUID(),
        periodStart: new Date(Number.NaN),
        now: MAR_10,
      }),
      "invalid_input",
    );
  });
});
