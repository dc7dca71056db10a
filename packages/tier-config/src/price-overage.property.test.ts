import fc from "fast-check";
import { describe, it } from "vitest";
import { priceOverage } from "./price-overage";
import type { Entitlement } from "./types";

const perUnitEntitlement = fc.record({
  allowance: fc.nat({ max: 1_000_000 }),
  overage: fc.record(
    {
      kind: fc.constant("per_unit" as const),
      unitPriceCentsDecimal: fc
        .tuple(fc.nat({ max: 10_000 }), fc.nat({ max: 999_999 }))
        .map(([whole, fraction]) => `${whole}.${String(fraction).padStart(6, "0")}`),
      billingUnitSize: fc.integer({ min: 1, max: 3600 }),
      capCents: fc.integer({ min: 1, max: 1_000_000 }),
    },
    { requiredKeys: ["kind", "unitPriceCentsDecimal", "billingUnitSize"] },
  ),
}) satisfies fc.Arbitrary<Entitlement>;

const usage = fc.nat({ max: 10_000_000 });

describe("priceOverage properties", () => {
  it("is monotone: more usage never costs less", () => {
    fc.assert(
      fc.property(perUnitEntitlement, usage, usage, (entitlement, a, b) => {
        const [less, more] = a <= b ? [a, b] : [b, a];
        return (
          priceOverage({ used: less, entitlement }).amountCents <=
          priceOverage({ used: more, entitlement }).amountCents
        );
      }),
    );
  });

  it("never exceeds the cap, and is capped only when the uncapped price is above it", () => {
    fc.assert(
      fc.property(perUnitEntitlement, usage, (entitlement, used) => {
        const price = priceOverage({ used, entitlement });
        const { capCents } = entitlement.overage;
        if (capCents === undefined) {
          return !price.capped && price.amountCents === price.uncappedCents;
        }
        return (
          price.amountCents <= capCents &&
          price.amountCents === Math.min(price.uncappedCents, capCents) &&
          (price.capped
            ? price.uncappedCents >= capCents
            : price.amountCents === price.uncappedCents)
        );
      }),
    );
  });
});
