import { subscriptionEvents } from "@tally/db";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  callTrpc,
  mainNavigation,
  navigateTo,
  saveScreenshot,
  waitForSettled,
} from "../support/browser";
import { waitForText } from "../support/e2e-dashboard";
import { useDemoDashboard } from "../support/e2e-fixture";
import {
  demoAccountId,
  demoAccountSlugs,
  demoSubscription,
  demoUsers,
} from "../support/e2e-server";

describe("the admin area", () => {
  const dashboard = useDemoDashboard();

  it("lets an admin assign a plan with a reason, which the history shows", async () => {
    const reason = "Goodwill upgrade after the November outage";
    await dashboard.signedIn(demoUsers.admin, async ({ page }) => {
      await navigateTo(page, "Admin");

      await page.getByLabel("Search", { exact: true }).fill(demoUsers.ada);
      await page.getByRole("button", { name: "Search", exact: true }).click();
      await page.getByTestId("admin-results").getByRole("button", { name: /Ada/ }).click();
      const detail = page.getByTestId("admin-account");
      await detail.waitFor();

      const assign = detail
        .locator("form")
        .filter({ has: page.getByRole("button", { name: "Assign plan" }) });
      await assign.getByLabel("Plan").selectOption("growth");
      await assign.getByLabel("Reason").fill(reason);
      await assign.getByRole("button", { name: "Assign plan" }).click();
      await assign.getByRole("status").filter({ hasText: "Plan assigned." }).waitFor();

      const history = page.getByTestId("admin-history");
      const entry = history.getByRole("listitem").filter({ hasText: reason });
      await entry.waitFor();
      await waitForText(entry, "Free → Growth");
      await waitForText(entry, "operator");
      await saveScreenshot(page);

      // The history the page shows is the ledger's.
      const accountId = await demoAccountId(dashboard.server.database.db, demoAccountSlugs.ada);
      const events = await dashboard.server.database.db
        .select()
        .from(subscriptionEvents)
        .where(
          and(eq(subscriptionEvents.accountId, accountId), eq(subscriptionEvents.reason, reason)),
        );
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        fromPlanId: "free",
        toPlanId: "growth",
        isAdminAction: true,
        actorUserId: "demo-admin",
      });
      expect(
        (await demoSubscription(dashboard.server.database.db, demoAccountSlugs.ada)).planId,
      ).toBe("growth");
    });
  });

  it("keeps a non-admin out of the admin pages and answers 403 to the admin procedures", async () => {
    const slug = demoAccountSlugs.ben;
    await dashboard.signedIn(demoUsers.ben, async ({ page }) => {
      await waitForSettled(page);
      const links = await mainNavigation(page).getByRole("link").allTextContents();
      expect(links.some((text) => text.startsWith("Admin"))).toBe(false);

      await page.goto("/admin");
      await page.getByTestId("admin-not-allowed").waitFor();
      expect(await page.getByTestId("admin-account").count()).toBe(0);
      await saveScreenshot(page);

      const accountId = await demoAccountId(dashboard.server.database.db, slug);
      const find = await callTrpc(page, "admin.findAccounts", "query", { query: "demo" });
      expect(find.status).toBe(403);
      const assign = await callTrpc(page, "admin.assignPlan", "mutation", {
        accountId,
        planId: "mastery",
        reason: "promoting myself",
      });
      expect(assign.status).toBe(403);
      expect(assign.body).toMatchObject({ error: { data: { code: "FORBIDDEN" } } });
      const history = await callTrpc(page, "admin.history", "query", { accountId });
      expect(history.status).toBe(403);
      expect((await demoSubscription(dashboard.server.database.db, slug)).planId).toBe("lifestyle");
    });
  });
});
