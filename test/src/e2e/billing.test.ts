/// <reference lib="dom" />
import { closeDuePeriods, listInvoices, previewPeriod } from "@tally/billing";
import { type Database, invoiceLines } from "@tally/db";
import { coaching } from "@tally/tier-config";
import { eq, sql } from "drizzle-orm";
import type { Locator } from "playwright-core";
import { describe, expect, it } from "vitest";
import { navigateTo, saveScreenshot, viewports } from "../support/browser";
import { formatCents, formatDayYear } from "../support/e2e-dashboard";
import { useDemoDashboard } from "../support/e2e-fixture";
import { demoAccountId, demoAccountSlugs, demoUsers } from "../support/e2e-server";

const unitCount = new Intl.NumberFormat("en-US");

/** Each row of a line table as [description, amount] text. */
async function rowsOf(table: Locator): Promise<string[][]> {
  return table
    .locator("tbody tr")
    .evaluateAll((rows) =>
      rows.map((row) =>
        Array.from(row.querySelectorAll("td")).map((cell) => (cell.textContent ?? "").trim()),
      ),
    );
}

/**
 * Closes the periods that are due, as `pnpm billing:close` and the server's billing job do (a
 * period they closed already stays as it is), and reads Chloe's invoices back from the ledger.
 */
async function closeChloesPeriods(db: Database) {
  await closeDuePeriods(db, coaching, { now: new Date() });
  const accountId = await demoAccountId(db, demoAccountSlugs.chloe);
  const { items: ledgerInvoices } = await listInvoices(db, { accountId, limit: 12 });
  expect(ledgerInvoices.length, "Chloe has a closed invoice").toBeGreaterThan(0);
  return { accountId, ledgerInvoices };
}

/**
 * Chloe is on Growth, past both allowances this period, with an ended period that holds overage on
 * both meters. What the billing page shows is compared with what the ledger holds, computed here
 * from the same database the server uses.
 */
describe("the billing page of an account in overage", () => {
  const dashboard = useDemoDashboard();

  it("shows this period's lines and totals, and each closed invoice's total and lines, as the ledger has them", async () => {
    const { db } = dashboard.server.database;
    const { accountId, ledgerInvoices } = await closeChloesPeriods(db);

    // The ledger itself: each invoice's total is the sum of its lines, by SQL.
    const sums = await db
      .select({
        invoiceId: invoiceLines.invoiceId,
        linesCents: sql<string>`sum(${invoiceLines.amountCents})`,
      })
      .from(invoiceLines)
      .where(eq(invoiceLines.accountId, accountId))
      .groupBy(invoiceLines.invoiceId);
    for (const invoice of ledgerInvoices) {
      const sum = sums.find((row) => row.invoiceId === invoice.id);
      expect(Number(sum?.linesCents), invoice.id).toBe(invoice.totalCents);
    }
    // The story the demo tells: the ended period billed overage on both meters.
    const ended = ledgerInvoices[0];
    const overageMeters = ended?.lines
      .filter((line) => line.kind === "overage")
      .map((line) => line.meterId);
    expect(overageMeters?.sort()).toEqual(["ai_voice_seconds", "coach_calls"]);

    await dashboard.signedIn(demoUsers.chloe, async ({ page }) => {
      await navigateTo(page, "Billing");
      const preview = await previewPeriod(db, coaching, { accountId, now: new Date() });
      expect(preview.lines.some((line) => line.kind === "overage")).toBe(true);

      const soFar = page.getByTestId("billing-lines");
      expect(await rowsOf(soFar)).toEqual(
        // A capped line carries a "capped" badge after its description.
        preview.lines.map((line) => [
          `${line.description}${line.capped ? "capped" : ""}`,
          formatCents(line.amountCents),
        ]),
      );
      expect((await soFar.locator("tfoot td").textContent())?.trim()).toBe(
        formatCents(preview.totalCents),
      );
      expect(await page.getByTestId("billing-upcoming").textContent()).toContain(
        formatCents(preview.totalCents),
      );

      const invoiceRows = page.getByTestId("invoice-row");
      const shownInvoices = await invoiceRows.evaluateAll((rows) =>
        rows.map((row) => ({
          period: (row.querySelector('[data-testid="invoice-period"]')?.textContent ?? "").trim(),
          total: (row.querySelectorAll("td")[3]?.textContent ?? "").trim(),
        })),
      );
      expect(shownInvoices).toEqual(
        ledgerInvoices.map((invoice) => ({
          period: `${formatDayYear(invoice.periodStart)} – ${formatDayYear(invoice.periodEnd)}`,
          total: formatCents(invoice.totalCents),
        })),
      );

      // Each invoice opens to the lines it charged, which must be the ledger's rows, read here by
      // SQL in the order an invoice lists them: the plan, its seats, then overage by meter.
      const ledgerLines = await db
        .select({
          invoiceId: invoiceLines.invoiceId,
          description: invoiceLines.description,
          billableUnits: invoiceLines.billableUnits,
          capped: invoiceLines.capped,
          amountCents: invoiceLines.amountCents,
        })
        .from(invoiceLines)
        .where(eq(invoiceLines.accountId, accountId))
        .orderBy(
          sql`case ${invoiceLines.kind} when 'base' then 0 when 'seats' then 1 else 2 end`,
          invoiceLines.meterId,
          invoiceLines.periodStart,
        );
      for (const [index, invoice] of ledgerInvoices.entries()) {
        const row = invoiceRows.nth(index);
        const toggle = row.getByRole("button", { expanded: false });
        // React's generated ids are not valid CSS identifiers, so the id is matched as an attribute.
        const lines = page.locator(`[id="${await toggle.getAttribute("aria-controls")}"]`);
        expect(await lines.isVisible(), "lines are shown only on request").toBe(false);
        // The disclosure is a real button: the keyboard opens it and closes it again.
        await toggle.focus();
        await page.keyboard.press("Enter");
        await row.getByRole("button", { expanded: true }).waitFor();
        await lines.getByTestId("invoice-lines").waitFor();
        const expected = ledgerLines
          .filter((line) => line.invoiceId === invoice.id)
          .map((line) => [
            `${line.description}${line.capped ? "capped" : ""}`,
            unitCount.format(line.billableUnits),
            formatCents(line.amountCents),
          ]);
        expect(expected.length, invoice.id).toBeGreaterThan(0);
        expect(await rowsOf(lines.getByTestId("invoice-lines")), invoice.id).toEqual(expected);
      }
      await saveScreenshot(page);

      const firstToggle = invoiceRows.first().getByRole("button", { expanded: true });
      await firstToggle.focus();
      await page.keyboard.press("Space");
      await invoiceRows.first().getByRole("button", { expanded: false }).waitFor();
      await page.getByTestId("invoice-lines").first().waitFor({ state: "hidden" });
    });
  });

  it("shows each invoice on a phone as a card whose period, total, status and link are all in view, and still opens its lines", async () => {
    const { ledgerInvoices } = await closeChloesPeriods(dashboard.server.database.db);

    await dashboard.signedIn(
      demoUsers.chloe,
      async ({ page }) => {
        await navigateTo(page, "Billing");
        const row = page.getByTestId("invoice-row").first();
        await row.waitFor();
        // Every cell of the card lies inside the screen: nothing is left in a sideways scroll.
        const cells = await row.locator("td").evaluateAll((tds) =>
          tds.map((td) => {
            const box = td.getBoundingClientRect();
            return { text: (td.textContent ?? "").trim(), left: box.left, right: box.right };
          }),
        );
        expect(cells).toHaveLength(5);
        const outside = cells.filter(
          (cell) => cell.left < 0 || cell.right > viewports.phone.width || cell.text === "",
        );
        expect(outside).toEqual([]);
        expect(cells[3]?.text).toBe(formatCents(ledgerInvoices[0]?.totalCents ?? Number.NaN));

        const toggle = row.getByRole("button", { expanded: false });
        const lines = page.locator(`[id="${await toggle.getAttribute("aria-controls")}"]`);
        await toggle.click();
        await row.getByRole("button", { expanded: true }).waitFor();
        await lines.getByTestId("invoice-lines").waitFor();
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth),
          "the opened lines fit the phone's width",
        ).toBeLessThanOrEqual(viewports.phone.width);
        await saveScreenshot(page, "billing-invoice-cards-375");
      },
      viewports.phone,
    );
  });
});
