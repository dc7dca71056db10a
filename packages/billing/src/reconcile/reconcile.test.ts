import { describe, expect, it } from "vitest";
import { isBillingError } from "../errors";
import { pushPendingInvoices } from "../push/push-pending-invoices";
import {
  AFTER,
  closedGrowthInvoice,
  standinGateway,
  useBillingTestBed,
} from "../push/test-fixtures";
import { reconcile } from "./reconcile";

const bed = useBillingTestBed();

const JANUARY_ENDS = {
  from: new Date("2026-01-15T00:00:00Z"),
  to: new Date("2026-02-15T00:00:00Z"),
};

describe("reconcile", () => {
  it("reports nothing on a clean run, then every item deleted or changed in Stripe", async () => {
    const first = await closedGrowthInvoice(bed.db, { extraVoiceSeconds: 90, extraCoachCalls: 1 });
    const second = await closedGrowthInvoice(bed.db, { extraCoachCalls: 2 });
    const gateway = standinGateway(bed.standin);
    const pushed = await pushPendingInvoices(bed.db, gateway, { now: AFTER, limit: 10 });
    expect(pushed.sent).toHaveLength(2);

    const clean = await reconcile(bed.db, gateway, JANUARY_ENDS);
    expect(clean).toEqual({ checkedInvoices: 2, drift: [] });

    const deleted = first.lines.find((line) => line.kind === "base");
    const changed = second.lines.find((line) => line.kind === "overage");
    const items = bed.standin.state().invoiceItems;
    const deletedItem = items.find((item) => item.metadata.tally_line_id === deleted?.id);
    const changedItem = items.find((item) => item.metadata.tally_line_id === changed?.id);
    if (!deleted || !changed || !deletedItem || !changedItem) throw new Error("fixture went wrong");
    bed.standin.deleteInvoiceItem(deletedItem.id);
    bed.standin.setInvoiceItemAmount(changedItem.id, changed.amountCents + 1);

    const drifted = await reconcile(bed.db, gateway, JANUARY_ENDS);
    expect(drifted.checkedInvoices).toBe(2);
    expect(drifted.drift).toHaveLength(2);
    expect(drifted.drift).toContainEqual({
      kind: "missing",
      accountId: first.invoice.accountId,
      invoiceId: first.invoice.id,
      lineId: deleted.id,
      stripeInvoiceItemId: deletedItem.id,
      ledgerCents: deleted.amountCents,
      stripeCents: null,
    });
    expect(drifted.drift).toContainEqual({
      kind: "amount_mismatch",
      accountId: second.invoice.accountId,
      invoiceId: second.invoice.id,
      lineId: changed.id,
      stripeInvoiceItemId: changedItem.id,
      ledgerCents: changed.amountCents,
      stripeCents: changed.amountCents + 1,
    });
  });

  it("only looks at invoices whose period ends in [from, to)", async () => {
    const gateway = standinGateway(bed.standin);
    // January invoices end on Feb 1: a range ending exactly there leaves them out.
    const before = await reconcile(bed.db, gateway, {
      from: new Date("2026-01-01T00:00:00Z"),
      to: new Date("2026-02-01T00:00:00Z"),
    });
    expect(before.checkedInvoices).toBe(0);
  });

  it("refuses a range that is empty or not dates", async () => {
    const gateway = standinGateway(bed.standin);
    const day = new Date("2026-01-01T00:00:00Z");
    await expect(reconcile(bed.db, gateway, { from: day, to: day })).rejects.toSatisfy(
      (error: unknown) => isBillingError(error, "invalid_input"),
    );
    await expect(reconcile(bed.db, gateway, { from: new Date("nope"), to: day })).rejects.toSatisfy(
      (error: unknown) => isBillingError(error, "invalid_input"),
    );
  });
});
