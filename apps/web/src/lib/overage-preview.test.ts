import { describe, expect, it } from "vitest";
import { overagePreview, overagePreviewText } from "./overage-preview";

function priced(
  soFar: number,
  projected: number,
  resetsAt: string | null = "2026-05-31T00:00:00.000Z",
) {
  const price = (amountCents: number) => ({
    overageUnits: 0,
    billableUnits: 0,
    unitPriceCentsDecimal: null,
    uncappedCents: amountCents,
    amountCents,
    capped: false,
  });
  return { overage: price(soFar), projected: { used: 0, overage: price(projected) }, resetsAt };
}

describe("overage preview", () => {
  it("adds every meter's overage so far and at this pace", () => {
    const preview = overagePreview([priced(240, 820), priced(100, 300)]);
    expect(preview).toEqual({
      soFarCents: 340,
      projectedCents: 1120,
      periodEnd: "2026-05-31T00:00:00.000Z",
    });
  });

  it("is absent when nothing is or will be charged", () => {
    expect(overagePreview([priced(0, 0)])).toBeNull();
  });

  it("reads as the dashboard shows it", () => {
    expect(
      overagePreviewText({
        soFarCents: 340,
        projectedCents: 1120,
        periodEnd: "2026-05-31T00:00:00.000Z",
      }),
    ).toBe("So far $3.40; at this pace $11.20 by May 31.");
  });

  it("does not project when the pace adds nothing", () => {
    expect(overagePreviewText({ soFarCents: 2000, projectedCents: 2000, periodEnd: null })).toBe(
      "So far $20.00 in overage this period.",
    );
  });
});
