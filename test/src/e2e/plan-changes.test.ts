import { describe, expect, it } from "vitest";
import { navigateTo, saveScreenshot } from "../support/browser";
import { confirmPlanChange, formatDayYear, waitForText } from "../support/e2e-dashboard";
import { useDemoDashboard } from "../support/e2e-fixture";
import { demoAccountSlugs, demoSubscription, demoUsers } from "../support/e2e-server";

/**
 * Dev is on Mastery. A downgrade waits for the period end, a cancel keeps the plan until then, and
 * a resume withdraws the cancel; the dates shown are the ones the server stored.
 */
describe("plan changes that wait for the period end", () => {
  const dashboard = useDemoDashboard();

  it("shows a scheduled downgrade with its date, then cancels and resumes the plan", async () => {
    const slug = demoAccountSlugs.dev;
    await dashboard.signedIn(demoUsers.dev, async ({ page }) => {
      await navigateTo(page, "Plans");
      await confirmPlanChange(page, page.getByTestId("plan-action-growth"), "Schedule downgrade");

      const scheduled = await demoSubscription(dashboard.server.database.db, slug);
      expect(scheduled).toMatchObject({ planId: "mastery", scheduledPlanId: "growth" });
      if (scheduled.scheduledChangeAt === null) throw new Error("the downgrade was not scheduled");
      expect(scheduled.scheduledChangeAt.getTime()).toBeGreaterThan(Date.now());
      const changeDay = formatDayYear(scheduled.scheduledChangeAt);
      await waitForText(page.getByTestId("plan-column-growth"), `Starts ${changeDay}`);
      await saveScreenshot(page, "plan-changes-downgrade-scheduled-plans");

      await navigateTo(page, "Overview");
      await waitForText(page.getByTestId("plan-badge"), "Mastery");
      await waitForText(
        page.getByTestId("scheduled-change-notice"),
        `Moves to Growth on ${changeDay}.`,
      );
      await saveScreenshot(page, "plan-changes-downgrade-scheduled-overview");

      // Cancelling replaces the scheduled downgrade: the plan runs to the period end, then Free.
      await navigateTo(page, "Plans");
      await confirmPlanChange(
        page,
        page.getByRole("button", { name: "Cancel plan" }),
        "Cancel at period end",
      );
      const cancelled = await demoSubscription(dashboard.server.database.db, slug);
      expect(cancelled).toMatchObject({
        planId: "mastery",
        cancelAtPeriodEnd: true,
        scheduledPlanId: null,
      });
      const endDay = formatDayYear(cancelled.currentPeriodEnd);
      await page.getByText(`Your plan ends on ${endDay}.`).waitFor();
      await saveScreenshot(page, "plan-changes-cancelled");

      await navigateTo(page, "Overview");
      await waitForText(page.getByTestId("cancel-notice"), `your plan ends on ${endDay}.`);
      expect(await page.getByTestId("scheduled-change-notice").count()).toBe(0);

      await navigateTo(page, "Plans");
      await confirmPlanChange(
        page,
        page.getByRole("button", { name: "Resume Mastery" }),
        "Keep Mastery",
      );
      await page.getByRole("button", { name: "Cancel plan" }).waitFor();
      const resumed = await demoSubscription(dashboard.server.database.db, slug);
      expect(resumed).toMatchObject({ planId: "mastery", cancelAtPeriodEnd: false });

      await navigateTo(page, "Overview");
      await waitForText(page.getByTestId("plan-badge"), "Mastery");
      expect(await page.getByTestId("cancel-notice").count()).toBe(0);
      await saveScreenshot(page);
    });
  });
});
