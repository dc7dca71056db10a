import { closeDuePeriods, createStripeGateway } from "@tally/billing";
import { accounts } from "@tally/db";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { type StripeStandin, startStripeStandin } from "@tally/stripe-standin";
import { coaching } from "@tally/tier-config";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, seedDemo } from "../demo/seed";
import { createTestApp } from "../testing/test-app";

let database: TestDatabase;
let standin: StripeStandin;
let growthAccountId: string;
const now = new Date();

beforeAll(async () => {
  database = await createTestDatabase();
  standin = await startStripeStandin();
  await seedDemo(database.db, coaching, now);
  const [growth] = await database.db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.slug, "demo-growth"));
  if (!growth) throw new Error("the demo has no Growth account");
  growthAccountId = growth.id;
});

afterAll(async () => {
  await standin.close();
  await database.drop();
});

/** The server without Stripe, and one whose Stripe is the stand-in. */
function servers() {
  const withoutStripe = createTestApp(database);
  const withStripe = createTestApp(database, coaching, {
    billing: {
      stripe: createStripeGateway({
        secretKey: standin.apiKey,
        apiBase: standin.url,
        maxRequestsPerSecond: 100,
      }),
    },
  });
  return { withoutStripe, withStripe };
}

async function callerAs(server: ReturnType<typeof createTestApp>, email: string) {
  const cookie = await server.signIn(email, DEMO_PASSWORD);
  return (await server.callerWith({ cookie })).caller;
}

describe("billing for the account's members", () => {
  it("shows the open period's lines and what they come to at the current pace", async () => {
    const chloe = await callerAs(servers().withoutStripe, "chloe@demo.tally.dev");
    const current = await chloe.billing.currentPeriod();
    expect(current.stripeConfigured).toBe(false);
    expect(current.lines.map((line) => [line.kind, line.meterId])).toEqual([
      ["base", null],
      ["overage", "ai_voice_seconds"],
      ["overage", "coach_calls"],
    ]);
    const sum = current.lines.reduce((total, line) => total + line.amountCents, 0);
    expect(current.totalCents).toBe(sum);
    expect(current.projected.totalCents).toBeGreaterThanOrEqual(current.totalCents);

    const upcoming = await chloe.billing.upcoming();
    expect(upcoming).toMatchObject({
      stripeConfigured: false,
      soFarCents: current.totalCents,
      projectedCents: current.projected.totalCents,
      invoiceAt: current.periodEnd,
    });
  });

  it("lists a closed period's invoice as not sent while Stripe is not configured", async () => {
    const chloe = await callerAs(servers().withoutStripe, "chloe@demo.tally.dev");
    expect((await chloe.billing.invoices()).items).toEqual([]);
    await closeDuePeriods(database.db, coaching, { now });
    const { items } = await chloe.billing.invoices();
    expect(items).toHaveLength(1);
    const [invoice] = items;
    expect(invoice).toMatchObject({ status: "draft", sent: false, hostedInvoiceUrl: null });
    const sum = invoice?.lines.reduce((total, line) => total + line.amountCents, 0);
    expect(invoice?.totalCents).toBe(sum);
    expect(invoice?.lines.map((line) => line.kind)).toEqual(["base", "overage", "overage"]);
  });
});

describe("billing for operators", () => {
  it("re-runs a close and pushes it to Stripe, one item per line, then reconciles clean", async () => {
    const admin = await callerAs(servers().withStripe, "admin@demo.tally.dev");
    const chloe = await callerAs(servers().withoutStripe, "chloe@demo.tally.dev");
    const [closed] = (await chloe.billing.invoices()).items;
    if (!closed) throw new Error("no closed invoice");

    const rerun = await admin.admin.billing.rerunClose({
      accountId: growthAccountId,
      periodStart: new Date(closed.periodStart),
    });
    expect(rerun.invoice).toMatchObject({ id: closed.id, status: "open" });
    expect(rerun.invoice.stripeInvoiceNumber).toMatch(/^TALLY-/);
    const items = standin
      .state()
      .invoiceItems.filter((item) => item.invoice === rerun.invoice.stripeInvoiceId);
    expect(items.map((item) => item.amount).sort()).toEqual(
      rerun.lines.map((line) => line.amountCents).sort(),
    );

    const range = { from: new Date(closed.periodEnd), to: new Date(now.getTime() + 1) };
    expect((await admin.admin.billing.reconciliation(range)).drift).toEqual([]);
    const [first] = items;
    if (!first) throw new Error("no Stripe item");
    standin.deleteInvoiceItem(first.id);
    expect((await admin.admin.billing.reconciliation(range)).drift).toMatchObject([
      { kind: "missing", accountId: growthAccountId, invoiceId: closed.id },
    ]);
  });

  it("says reconciliation needs Stripe when it is not configured", async () => {
    const admin = await callerAs(servers().withoutStripe, "admin@demo.tally.dev");
    await expect(
      admin.admin.billing.reconciliation({ from: new Date(0), to: new Date(86_400_000) }),
    ).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });

  it("refuses a period that has not ended, naming why", async () => {
    const admin = await callerAs(servers().withoutStripe, "admin@demo.tally.dev");
    const chloe = await callerAs(servers().withoutStripe, "chloe@demo.tally.dev");
    const current = await chloe.billing.currentPeriod();
    await expect(
      admin.admin.billing.rerunClose({
        accountId: growthAccountId,
        periodStart: new Date(current.periodStart),
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/not ended/) });
  });

  it("keeps members out of the operators' billing tools", async () => {
    const chloe = await callerAs(servers().withStripe, "chloe@demo.tally.dev");
    await expect(
      chloe.admin.billing.reconciliation({ from: new Date(0), to: new Date(86_400_000) }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      chloe.admin.billing.rerunClose({ accountId: growthAccountId, periodStart: new Date(0) }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
