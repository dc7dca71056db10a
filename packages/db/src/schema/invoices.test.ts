import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  constraintViolatedBy,
  createTestDatabase,
  insertAccount,
  type TestDatabase,
} from "../testing";
import { type Invoice, invoiceLines, invoices, type NewInvoiceLine } from "./index";

const periodStart = new Date("2026-03-01T00:00:00Z");
const periodEnd = new Date("2026-04-01T00:00:00Z");

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.drop());

async function insertInvoice(): Promise<Invoice> {
  const account = await insertAccount(test.db);
  const [invoice] = await test.db
    .insert(invoices)
    .values({ accountId: account.id, periodStart, periodEnd, subtotalCents: 0, totalCents: 0 })
    .returning();
  if (!invoice) throw new Error("inserting an invoice returned no row");
  return invoice;
}

function line(invoice: Invoice, values: Partial<NewInvoiceLine> = {}): NewInvoiceLine {
  return {
    accountId: invoice.accountId,
    invoiceId: invoice.id,
    periodStart,
    periodEnd,
    kind: "overage",
    meterId: "ai_voice_seconds",
    description: "AI voice minutes beyond the allowance",
    quantity: 125,
    billableUnits: 3,
    unitPriceCentsDecimal: "8.5",
    amountCents: 26,
    ...values,
  };
}

const baseLine = { kind: "base", meterId: null, unitPriceCentsDecimal: null } as const;

describe("invoices", () => {
  it("bills each account once per period", async () => {
    const invoice = await insertInvoice();
    const again = test.db.insert(invoices).values({
      accountId: invoice.accountId,
      periodStart,
      periodEnd,
      subtotalCents: 0,
      totalCents: 0,
    });
    expect(await constraintViolatedBy(again)).toBe("invoices_account_id_period_start_unique");
  });

  it("never totals below zero", async () => {
    const invoice = await insertInvoice();
    const negative = test.db.insert(invoices).values({
      accountId: invoice.accountId,
      periodStart: periodEnd,
      periodEnd: new Date("2026-05-01T00:00:00Z"),
      subtotalCents: 0,
      totalCents: -1,
    });
    expect(await constraintViolatedBy(negative)).toBe("invoices_total_cents_check");
  });
});

describe("invoice_lines", () => {
  it("writes one overage line per account, period and meter", async () => {
    const invoice = await insertInvoice();
    await test.db.insert(invoiceLines).values(line(invoice));
    await test.db.insert(invoiceLines).values(line(invoice, { meterId: "coach_calls" }));

    const again = test.db.insert(invoiceLines).values(line(invoice));
    expect(await constraintViolatedBy(again)).toBe("invoice_lines_once_per_period_unique");
  });

  it("writes one base line per period, although base lines have no meter", async () => {
    const invoice = await insertInvoice();
    await test.db.insert(invoiceLines).values(line(invoice, baseLine));

    const again = test.db.insert(invoiceLines).values(line(invoice, baseLine));
    expect(await constraintViolatedBy(again)).toBe("invoice_lines_once_per_period_unique");
  });

  it("names a meter on overage lines and only there", async () => {
    const invoice = await insertInvoice();
    const overageWithoutMeter = test.db
      .insert(invoiceLines)
      .values(line(invoice, { meterId: null }));
    expect(await constraintViolatedBy(overageWithoutMeter)).toBe("invoice_lines_meter_id_check");
    const seatsWithMeter = test.db.insert(invoiceLines).values(line(invoice, { kind: "seats" }));
    expect(await constraintViolatedBy(seatsWithMeter)).toBe("invoice_lines_meter_id_check");
  });

  it("never charges a negative amount", async () => {
    const invoice = await insertInvoice();
    const credit = test.db.insert(invoiceLines).values(line(invoice, { amountCents: -1 }));
    expect(await constraintViolatedBy(credit)).toBe("invoice_lines_amount_cents_check");
    const negativeCap = test.db.insert(invoiceLines).values(line(invoice, { capCents: -100 }));
    expect(await constraintViolatedBy(negativeCap)).toBe("invoice_lines_cap_cents_check");
  });

  it("keeps unit prices as plain decimal strings", async () => {
    const invoice = await insertInvoice();
    const scientific = test.db
      .insert(invoiceLines)
      .values(line(invoice, { unitPriceCentsDecimal: "8.5e0" }));
    expect(await constraintViolatedBy(scientific)).toBe(
      "invoice_lines_unit_price_cents_decimal_check",
    );
  });
});
