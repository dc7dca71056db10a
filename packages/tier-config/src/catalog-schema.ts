import { z } from "zod";
import { BASIS_POINTS_PER_UNIT, readDecimal } from "./decimal";
import { thresholdsProblem } from "./thresholds";

const UNIT_PRICE_DIGITS = 6;
const RATIO_DIGITS = 4;

const count = z
  .int({ error: "must be a non-negative integer" })
  .min(0, "must be a non-negative integer");
const positiveCount = z.int({ error: "must be an integer >= 1" }).min(1, "must be an integer >= 1");
const text = z.string().min(1, "must not be empty");
const id = z.string().min(1, "ids must not be empty");
const ALLOWANCE_ERROR = 'must be a non-negative integer or "unlimited"';
const reset = z.enum(["billing_period", "calendar_month", "day", "never"]);

/** A decimal string held exactly at `digits` places; adds its problem to the issues if not. */
function exactDecimal(digits: number) {
  return z.string().check((context) => {
    const reading = readDecimal(context.value, digits);
    if (!reading.ok) {
      context.issues.push({ code: "custom", input: context.value, message: reading.problem });
    }
  });
}

const thresholds = z.array(z.number()).check((context) => {
  const problem = thresholdsProblem(context.value);
  if (problem !== null) {
    context.issues.push({
      code: "custom",
      input: context.value,
      path: [problem.index],
      message: problem.message,
    });
  }
});

const overage = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("block") }),
  z.strictObject({
    kind: z.literal("grace"),
    graceRatio: exactDecimal(RATIO_DIGITS).refine((ratio) => {
      const reading = readDecimal(ratio, RATIO_DIGITS);
      return !reading.ok || reading.value >= BASIS_POINTS_PER_UNIT;
    }, "must be at least 1 (a grace ratio below 1 would block before the allowance)"),
  }),
  z.strictObject({
    kind: z.literal("per_unit"),
    unitPriceCentsDecimal: exactDecimal(UNIT_PRICE_DIGITS),
    billingUnitSize: positiveCount,
    // A cap of 0 would make overage free; a unit price of "0" says that plainly.
    capCents: positiveCount.optional(),
  }),
]);

const entitlement = z
  .strictObject({
    allowance: z.union(
      [z.int({ error: ALLOWANCE_ERROR }).min(0, ALLOWANCE_ERROR), z.literal("unlimited")],
      { error: ALLOWANCE_ERROR },
    ),
    overage,
    reset: reset.optional(),
  })
  .refine((value) => value.allowance !== "unlimited" || value.overage.kind === "block", {
    path: ["overage"],
    message: 'must be { kind: "block" } for an unlimited allowance, which never overflows',
  });

const plan = z
  .strictObject({
    name: text,
    level: count,
    priceMonthlyCents: count,
    priceAnnualCents: count,
    seatPriceMonthlyCents: count.optional(),
    includedSeats: count.optional(),
    trialDays: positiveCount.optional(),
    modules: z.strictObject({ groups: z.array(id), ids: z.array(id).optional() }),
    meters: z.record(id, entitlement),
    features: z.record(id, z.boolean()),
    alertThresholdsPercent: thresholds.optional(),
    expiry: z.enum(["blocked", "read_only"]).optional(),
    selfServe: z.boolean().optional(),
  })
  .refine((value) => (value.trialDays === undefined) === (value.expiry === undefined), {
    path: ["expiry"],
    message: "trialDays and expiry go together: a trial plan says what its expiry means",
  });

/**
 * The shape of a catalog and every rule about a single value. Rules that relate one part to
 * another (a plan naming a module, unique levels) are in catalog-references.ts.
 */
export const catalogSchema = z.strictObject({
  id: text,
  name: text,
  currency: z.literal("usd"),
  defaultPlan: id,
  freePlan: id,
  alertThresholdsPercent: thresholds,
  meters: z.record(
    id,
    z.strictObject({
      name: text,
      unit: text,
      display: z.strictObject({ unit: text, perStoredUnits: positiveCount }),
      reset,
    }),
  ),
  moduleGroups: z.record(id, z.strictObject({ name: text })),
  modules: z.record(id, z.strictObject({ name: text, group: id })),
  features: z.record(id, z.strictObject({ name: text })),
  plans: z.record(id, plan),
});
