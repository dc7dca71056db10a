import { invoices, stripeEvents } from "@tally/db";
import { createTestDatabase, insertAccount, type TestDatabase } from "@tally/db/testing";
import { signPayload } from "@tally/stripe-standin";
import { coaching } from "@tally/tier-config";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing/test-app";

const SECRET = "whsec_testsecret0123456789";
let database: TestDatabase;
let invoiceId: string;
const STRIPE_INVOICE_ID = "in_test_webhook_route";

beforeAll(async () => {
  database = await createTestDatabase();
  const account = await insertAccount(database.db);
  const [invoice] = await database.db
    .insert(invoices)
    .values({
      accountId: account.id,
      periodStart: new Date("2026-09-01T00:00:00Z"),
      periodEnd: new Date("2026-10-01T00:00:00Z"),
      status: "open",
      subtotalCents: 7900,
      totalCents: 7900,
      stripeInvoiceId: STRIPE_INVOICE_ID,
    })
    .returning();
  if (!invoice) throw new Error("no invoice");
  invoiceId = invoice.id;
});

afterAll(() => database.drop());

function webhookApp(secret: string | null = SECRET) {
  return createTestApp(database, coaching, { billing: { webhookSecret: secret } }).app;
}

function paidEvent(id: string) {
  return JSON.stringify({
    id,
    object: "event",
    type: "invoice.paid",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    api_version: "2025-01-01",
    data: { object: { id: STRIPE_INVOICE_ID, object: "invoice", status: "paid" } },
  });
}

function post(app: ReturnType<typeof webhookApp>, body: string, signature?: string) {
  return app.request("/webhooks/stripe", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(signature === undefined ? {} : { "stripe-signature": signature }),
    },
    body,
  });
}

async function statusOfInvoice() {
  const [row] = await database.db.select().from(invoices).where(eq(invoices.id, invoiceId));
  return row?.status;
}

describe("POST /webhooks/stripe", () => {
  it("refuses every delivery while no signing secret is configured", async () => {
    const body = paidEvent("evt_unconfigured");
    const response = await post(webhookApp(null), body, signPayload(body, { secret: SECRET }));
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("STRIPE_WEBHOOK_SECRET");
    expect(await statusOfInvoice()).toBe("open");
  });

  it.each([
    ["a forged signature", (body: string) => signPayload(body, { secret: "whsec_forged" })],
    [
      "a stale timestamp",
      (body: string) =>
        signPayload(body, { secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 301 }),
    ],
    ["no signature", () => undefined],
  ])("answers 400 to %s and changes nothing", async (_case, sign) => {
    const body = paidEvent("evt_refused");
    const response = await post(webhookApp(), body, sign(body));
    expect(response.status).toBe(400);
    expect(await statusOfInvoice()).toBe("open");
    expect(await database.db.select().from(stripeEvents)).toEqual([]);
  });

  it("verifies the exact bytes, handles the event, and treats a redelivery as done", async () => {
    const body = paidEvent("evt_paid_once");
    const signature = signPayload(body, { secret: SECRET });
    const first = await post(webhookApp(), body, signature);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, outcome: "processed" });
    expect(await statusOfInvoice()).toBe("paid");

    const again = await post(webhookApp(), body, signature);
    expect(await again.json()).toEqual({ received: true, outcome: "duplicate" });
    const stored = await database.db.select().from(stripeEvents);
    expect(stored.map((event) => event.id)).toEqual(["evt_paid_once"]);
  });
});
