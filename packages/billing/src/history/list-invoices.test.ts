import { randomUUID } from "node:crypto";
import { useTestDatabase } from "@tally/db/testing";
import { coaching } from "@tally/tier-config";
import { describe, expect, it } from "vitest";
import { closePeriod } from "../close/close-period";
import { newAccount, use } from "../close/test-accounts";
import { isBillingError } from "../errors";
import { invoiceWithLines } from "./invoice-with-lines";
import { listInvoices } from "./list-invoices";

const bed = useTestDatabase();

const STARTS = [
  new Date("2025-01-10T09:00:00Z"),
  new Date("2025-02-10T09:00:00Z"),
  new Date("2025-03-10T09:00:00Z"),
];
const NOW = new Date("2025-05-01T00:00:00Z");

/** A Growth account with three closed periods, one call over the allowance in each. */
async function accountWithThreeInvoices() {
  const { accountId } = await newAccount(bed.db, coaching, {
    planId: "growth",
    anchor: STARTS[0] ?? NOW,
  });
  for (const periodStart of STARTS) {
    await use(bed.db, coaching, {
      accountId,
      meterId: "coach_calls",
      quantity: 2,
      now: periodStart,
    });
    await closePeriod(bed.db, coaching, { accountId, periodStart, now: NOW });
  }
  return accountId;
}

async function refusalCode(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  return isBillingError(error) ? error.code : error;
}

describe("listInvoices", () => {
  it("lists an account's invoices newest first with their lines, page by page", async () => {
    const accountId = await accountWithThreeInvoices();
    const first = await listInvoices(bed.db, { accountId, limit: 2 });
    expect(first.items.map((invoice) => invoice.periodStart)).toEqual([STARTS[2], STARTS[1]]);
    expect(first.nextCursor).not.toBeNull();
    expect(first.items[0]).toMatchObject({
      status: "draft",
      currency: "usd",
      subtotalCents: 10_400,
      totalCents: 10_400,
      sent: false,
      stripeInvoiceNumber: null,
      hostedInvoiceUrl: null,
    });
    expect(first.items[0]?.lines.map((line) => [line.kind, line.description])).toEqual([
      ["base", "Growth plan, Mar 10 – Apr 10, 2025"],
      ["overage", "Human coach calls over the included 1: 1 × $25.00"],
    ]);

    const second = await listInvoices(bed.db, {
      accountId,
      limit: 2,
      cursor: first.nextCursor ?? "",
    });
    expect(second.items.map((invoice) => invoice.periodStart)).toEqual([STARTS[0]]);
    expect(second.nextCursor).toBeNull();
  });

  it("never shows another account's invoices", async () => {
    const mine = await accountWithThreeInvoices();
    const theirs = await accountWithThreeInvoices();
    const page = await listInvoices(bed.db, { accountId: mine, limit: 100 });
    expect(page.items).toHaveLength(3);
    const [theirInvoice] = (await listInvoices(bed.db, { accountId: theirs, limit: 1 })).items;
    expect(
      await refusalCode(
        invoiceWithLines(bed.db, { accountId: mine, invoiceId: theirInvoice?.id ?? "" }),
      ),
    ).toBe("not_found");
  });

  it("reads one invoice with its lines for its own account", async () => {
    const accountId = await accountWithThreeInvoices();
    const [listed] = (await listInvoices(bed.db, { accountId, limit: 1 })).items;
    const found = await invoiceWithLines(bed.db, { accountId, invoiceId: listed?.id ?? "" });
    expect(found.invoice.id).toBe(listed?.id);
    expect(found.lines.map((line) => line.amountCents)).toEqual([7900, 2500]);
  });

  it("lists nothing for an account without invoices", async () => {
    const page = await listInvoices(bed.db, { accountId: randomUUID(), limit: 10 });
    expect(page).toEqual({ items: [], nextCursor: null });
  });

  it.each([
    ["a limit of 0", { limit: 0 }],
    ["a limit above 100", { limit: 101 }],
    ["a cursor it did not hand out", { limit: 10, cursor: "not-a-cursor" }],
  ])("refuses %s", async (_name, input) => {
    expect(await refusalCode(listInvoices(bed.db, { accountId: randomUUID(), ...input }))).toBe(
      "invalid_input",
    );
  });
});
