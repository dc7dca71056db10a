import {
  type AnyCatalog,
  assistant,
  coaching,
  type Period,
  type PlanId,
  reports,
} from "@tally/tier-config";
import { describe, expect, it } from "vitest";
import {
  type CounterUsage,
  type InvoiceLineDraft,
  type InvoiceLinesInput,
  invoiceLinesFor,
} from "./invoice-lines-for";

const NOV_10: Period = {
  start: new Date("2026-11-10T09:00:00Z"),
  end: new Date("2026-12-10T09:00:00Z"),
};
const YEAR_FROM_NOV_10: Period = {
  start: new Date("2026-11-10T09:00:00Z"),
  end: new Date("2027-11-10T09:00:00Z"),
};
const SECONDS_PER_MINUTE = 60;

/** A counter of the whole billing period, on the plan billed, without an override. */
function counter<C extends AnyCatalog>(
  planId: PlanId<C>,
  meterId: CounterUsage<C>["meterId"],
  used: number,
  values: Partial<CounterUsage<C>> = {},
): CounterUsage<C> {
  return { meterId, used, planId, period: NOV_10, allowanceOverride: null, ...values };
}

/** What a case checks of each line: the money and its units. */
type LineSummary = Pick<
  InvoiceLineDraft,
  "kind" | "meterId" | "quantity" | "billableUnits" | "amountCents" | "capped"
>;

function summary(lines: InvoiceLineDraft[]): LineSummary[] {
  return lines.map(({ kind, meterId, quantity, billableUnits, amountCents, capped }) => ({
    kind,
    meterId,
    quantity,
    billableUnits,
    amountCents,
    capped,
  }));
}

function base(amountCents: number): LineSummary {
  return { kind: "base", meterId: null, quantity: 1, billableUnits: 1, amountCents, capped: false };
}

function overage(
  meterId: string,
  quantity: number,
  billableUnits: number,
  amountCents: number,
  capped = false,
): LineSummary {
  return { kind: "overage", meterId, quantity, billableUnits, amountCents, capped };
}

type CoachingCase = [string, InvoiceLinesInput<typeof coaching>, LineSummary[]];

function coachingMonth(
  planId: PlanId<typeof coaching>,
  usage: CounterUsage<typeof coaching>[],
): InvoiceLinesInput<typeof coaching> {
  return { period: NOV_10, plan: { planId, interval: "month", seats: 1 }, usage };
}

const LIFESTYLE_INCLUDED = 7200;
const GROWTH_INCLUDED = 18_000;

describe("invoiceLinesFor on the coaching catalog", () => {
  it.each<CoachingCase>([
    [
      "Free is never charged, even with usage on its one-time allowance",
      coachingMonth("free", [
        counter("free", "ai_voice_seconds", 5000),
        counter("free", "coach_calls", 0),
      ]),
      [],
    ],
    ["Lifestyle without usage is its base price", coachingMonth("lifestyle", []), [base(2900)]],
    [
      "Lifestyle exactly at the allowance has no overage line",
      coachingMonth("lifestyle", [counter("lifestyle", "ai_voice_seconds", LIFESTYLE_INCLUDED)]),
      [base(2900)],
    ],
    [
      "Lifestyle one second past the allowance pays one started minute",
      coachingMonth("lifestyle", [
        counter("lifestyle", "ai_voice_seconds", LIFESTYLE_INCLUDED + 1),
      ]),
      [base(2900), overage("ai_voice_seconds", 1, 1, 10)],
    ],
    [
      "Lifestyle one second into the next minute pays two",
      coachingMonth("lifestyle", [
        counter("lifestyle", "ai_voice_seconds", LIFESTYLE_INCLUDED + SECONDS_PER_MINUTE + 1),
      ]),
      [base(2900), overage("ai_voice_seconds", 61, 2, 20)],
    ],
    [
      "Lifestyle just below the $20 cap pays per minute",
      coachingMonth("lifestyle", [
        counter("lifestyle", "ai_voice_seconds", LIFESTYLE_INCLUDED + 199 * SECONDS_PER_MINUTE),
      ]),
      [base(2900), overage("ai_voice_seconds", 199 * 60, 199, 1990)],
    ],
    [
      "Lifestyle exactly at the $20 cap is not capped",
      coachingMonth("lifestyle", [
        counter("lifestyle", "ai_voice_seconds", LIFESTYLE_INCLUDED + 200 * SECONDS_PER_MINUTE),
      ]),
      [base(2900), overage("ai_voice_seconds", 200 * 60, 200, 2000)],
    ],
    [
      "Lifestyle one second past the cap pays the cap",
      coachingMonth("lifestyle", [
        counter("lifestyle", "ai_voice_seconds", LIFESTYLE_INCLUDED + 200 * SECONDS_PER_MINUTE + 1),
      ]),
      [base(2900), overage("ai_voice_seconds", 200 * 60 + 1, 201, 2000, true)],
    ],
    [
      "Lifestyle far past the cap still pays the cap",
      coachingMonth("lifestyle", [counter("lifestyle", "ai_voice_seconds", 1_000_000)]),
      [base(2900), overage("ai_voice_seconds", 1_000_000 - 7200, 16_547, 2000, true)],
    ],
    [
      "Growth exactly at both allowances has no overage",
      coachingMonth("growth", [
        counter("growth", "ai_voice_seconds", GROWTH_INCLUDED),
        counter("growth", "coach_calls", 1),
      ]),
      [base(7900)],
    ],
    [
      "Growth one unit past both allowances",
      coachingMonth("growth", [
        counter("growth", "ai_voice_seconds", GROWTH_INCLUDED + 1),
        counter("growth", "coach_calls", 2),
      ]),
      [base(7900), overage("ai_voice_seconds", 1, 1, 8), overage("coach_calls", 1, 1, 2500)],
    ],
    [
      "Growth rounds voice up per started minute at $0.08 and bills calls at $25",
      coachingMonth("growth", [
        // Listed calls first: lines still follow the catalog's meter order.
        counter("growth", "coach_calls", 3),
        counter("growth", "ai_voice_seconds", GROWTH_INCLUDED + 36 * SECONDS_PER_MINUTE + 1),
      ]),
      [
        base(7900),
        overage("ai_voice_seconds", 36 * 60 + 1, 37, 296),
        overage("coach_calls", 2, 2, 5000),
      ],
    ],
    [
      "Mastery never charges its unlimited voice minutes",
      coachingMonth("mastery", [
        counter("mastery", "ai_voice_seconds", 10_000_000),
        counter("mastery", "coach_calls", 4),
      ]),
      [base(19_900)],
    ],
    [
      "Mastery charges calls past the included 4 at $20",
      coachingMonth("mastery", [
        counter("mastery", "ai_voice_seconds", 10_000_000),
        counter("mastery", "coach_calls", 6),
      ]),
      [base(19_900), overage("coach_calls", 2, 2, 4000)],
    ],
    [
      "Growth billed annually pays the annual price",
      {
        period: YEAR_FROM_NOV_10,
        plan: { planId: "growth", interval: "year", seats: 1 },
        usage: [
          counter("growth", "coach_calls", 2, { period: YEAR_FROM_NOV_10 }),
          counter("growth", "ai_voice_seconds", 100, { period: YEAR_FROM_NOV_10 }),
        ],
      },
      [base(79_000), overage("coach_calls", 1, 1, 2500)],
    ],
    [
      "a limit override replaces the plan's allowance",
      coachingMonth("lifestyle", [
        counter("lifestyle", "ai_voice_seconds", 12_001, { allowanceOverride: 12_000 }),
      ]),
      [base(2900), overage("ai_voice_seconds", 1, 1, 10)],
    ],
    [
      "an unlimited override charges nothing",
      coachingMonth("growth", [
        counter("growth", "coach_calls", 40, { allowanceOverride: "unlimited" }),
      ]),
      [base(7900)],
    ],
    [
      "usage is priced on the plan at the counter's end, the base on the plan at the period's end",
      coachingMonth("growth", [counter("lifestyle", "ai_voice_seconds", LIFESTYLE_INCLUDED + 60)]),
      [base(7900), overage("ai_voice_seconds", 60, 1, 10)],
    ],
  ])("%s", (_name, input, expected) => {
    expect(summary(invoiceLinesFor(coaching, input))).toEqual(expected);
  });

  it("writes the lines as a customer reads them", () => {
    const lines = invoiceLinesFor(
      coaching,
      coachingMonth("growth", [
        counter("growth", "ai_voice_seconds", GROWTH_INCLUDED + 36 * SECONDS_PER_MINUTE + 1),
        counter("growth", "coach_calls", 3),
      ]),
    );
    expect(lines.map((line) => line.description)).toEqual([
      "Growth plan, Nov 10 – Dec 10, 2026",
      "AI voice minutes over the included 300: 37 min × $0.08",
      "Human coach calls over the included 1: 2 × $25.00",
    ]);
    expect(lines[1]).toMatchObject({ unitPriceCentsDecimal: "8", capCents: null });
  });

  it("says when the cap decided the amount", () => {
    const [, line] = invoiceLinesFor(
      coaching,
      coachingMonth("lifestyle", [counter("lifestyle", "ai_voice_seconds", 30_000)]),
    );
    expect(line).toMatchObject({
      description: "AI voice minutes over the included 120: 380 min × $0.10 (capped at $20.00)",
      capCents: 2000,
      capped: true,
      amountCents: 2000,
    });
  });

  it("writes an allowance that is not whole display units in stored units", () => {
    const [, line] = invoiceLinesFor(
      coaching,
      coachingMonth("lifestyle", [
        counter("lifestyle", "ai_voice_seconds", 10_030, { allowanceOverride: 10_000 }),
      ]),
    );
    expect(line?.description).toBe(
      "AI voice minutes over the included 10,000 seconds: 1 min × $0.10",
    );
  });

  it("writes an annual period with both years", () => {
    const [line] = invoiceLinesFor(coaching, {
      period: YEAR_FROM_NOV_10,
      plan: { planId: "mastery", interval: "year", seats: 1 },
      usage: [],
    });
    expect(line?.description).toBe("Mastery plan (annual), Nov 10, 2026 – Nov 10, 2027");
    expect(line).toMatchObject({ periodStart: YEAR_FROM_NOV_10.start, amountCents: 199_000 });
  });

  it.each<[string, Period]>([
    [
      "ends at the billing period's start",
      { start: new Date("2026-10-10T09:00:00Z"), end: NOV_10.start },
    ],
    [
      "ends after the billing period",
      { start: NOV_10.start, end: new Date("2026-12-10T09:00:01Z") },
    ],
  ])("refuses a counter period that %s", (_name, period) => {
    expect(() =>
      invoiceLinesFor(
        coaching,
        coachingMonth("growth", [counter("growth", "coach_calls", 3, { period })]),
      ),
    ).toThrow(RangeError);
  });
});

/** Reports count per calendar month; this account's billing periods start on the 10th. */
const NOVEMBER: Period = {
  start: new Date("2026-11-01T00:00:00Z"),
  end: new Date("2026-12-01T00:00:00Z"),
};

function reportsMonth(
  planId: PlanId<typeof reports>,
  used: number,
): InvoiceLinesInput<typeof reports> {
  return {
    period: NOV_10,
    plan: { planId, interval: "month", seats: 1 },
    usage: [counter(planId, "reports", used, { period: NOVEMBER })],
  };
}

describe("invoiceLinesFor on the reports catalog", () => {
  it.each<[string, InvoiceLinesInput<typeof reports>, LineSummary[]]>([
    ["Free's grace past the quota is never charged", reportsMonth("free", 55), []],
    ["Pro exactly at its 300 reports", reportsMonth("pro", 300), [base(4900)]],
    ["Pro one report past", reportsMonth("pro", 301), [base(4900), overage("reports", 1, 1, 150)]],
    [
      "Pro twelve reports past",
      reportsMonth("pro", 312),
      [base(4900), overage("reports", 12, 12, 1800)],
    ],
    [
      "Team one report past its 1000",
      reportsMonth("team", 1001),
      [base(14_900), overage("reports", 1, 1, 100)],
    ],
    [
      "Affiliate's overage is counted at a price of zero",
      reportsMonth("affiliate", 5012),
      [overage("reports", 12, 12, 0)],
    ],
  ])("%s", (_name, input, expected) => {
    expect(summary(invoiceLinesFor(reports, input))).toEqual(expected);
  });

  it("bills the calendar month that ended in the billing period, naming it", () => {
    const [, line] = invoiceLinesFor(reports, reportsMonth("pro", 312));
    expect(line).toMatchObject({
      periodStart: NOVEMBER.start,
      periodEnd: NOVEMBER.end,
      description: "Reports over the included 300 (Nov 1 – Dec 1, 2026): 12 × $1.50",
    });
  });
});

function assistantPeriod(
  planId: PlanId<typeof assistant>,
  interval: "month" | "year",
  seats: number,
): InvoiceLinesInput<typeof assistant> {
  const period = interval === "month" ? NOV_10 : YEAR_FROM_NOV_10;
  return {
    period,
    plan: { planId, interval, seats },
    usage: [
      counter(planId, "requests", 99_999, { period }),
      counter(planId, "tokens", 99_999_999, { period }),
    ],
  };
}

function seatsLine(quantity: number, amountCents: number): LineSummary {
  return {
    kind: "seats",
    meterId: null,
    quantity,
    billableUnits: quantity,
    amountCents,
    capped: false,
  };
}

describe("invoiceLinesFor on the assistant catalog", () => {
  it.each<[string, InvoiceLinesInput<typeof assistant>, LineSummary[]]>([
    ["the trial costs nothing", assistantPeriod("trial", "month", 1), []],
    [
      "Pro is its base price; hard limits are never billed",
      assistantPeriod("pro", "month", 1),
      [base(1000)],
    ],
    ["Pro has no seat price, whatever the seats", assistantPeriod("pro", "month", 4), [base(1000)]],
    [
      "Teams pays every seat monthly",
      assistantPeriod("teams", "month", 3),
      [base(4900), seatsLine(3, 3600)],
    ],
    [
      "Teams annual pays twelve months of each seat",
      assistantPeriod("teams", "year", 3),
      [base(58_800), seatsLine(3, 43_200)],
    ],
  ])("%s", (_name, input, expected) => {
    expect(summary(invoiceLinesFor(assistant, input))).toEqual(expected);
  });

  it("writes the seat line with its unit price", () => {
    const [, line] = invoiceLinesFor(assistant, assistantPeriod("teams", "month", 3));
    expect(line).toMatchObject({
      description: "Teams plan seats: 3 × $12.00, Nov 10 – Dec 10, 2026",
      unitPriceCentsDecimal: "1200",
    });
  });
});
