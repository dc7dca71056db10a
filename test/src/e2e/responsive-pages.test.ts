/// <reference lib="dom" />
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  mainNavigation,
  saveScreenshot,
  signIn,
  type Viewport,
  viewports,
  waitForSettled,
} from "../support/browser";
import { useDemoDashboard } from "../support/e2e-fixture";
import { demoUsers } from "../support/e2e-server";

/** The account pages, shown to Chloe (Growth, in overage), whose data fills every one of them. */
const accountPages = [
  { path: "/", name: "overview" },
  { path: "/usage", name: "usage" },
  { path: "/modules", name: "modules" },
  { path: "/plans", name: "plans" },
  { path: "/billing", name: "billing" },
  { path: "/alerts", name: "alerts" },
];

describe("the dashboard's pages, signed out and in, at phone and desktop widths", () => {
  const dashboard = useDemoDashboard();

  /**
   * Loads the page by its URL (the server's client-route fallback included), waits for its data,
   * and returns what would be wrong with it: an error state on the page, or content wider than
   * the screen, which a phone would have to scroll sideways.
   */
  async function visit(page: Page, path: string, viewport: Viewport, screenshot: string) {
    await page.goto(path);
    await waitForSettled(page);
    // Measured before the screenshot, which resizes the viewport to the whole page for a moment.
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    const errorStates = await page.getByTestId("error-state").allTextContents();
    await saveScreenshot(page, screenshot);
    return { path, errorStates, overflowPx: Math.max(0, scrollWidth - viewport.width) };
  }

  it("sends a signed-out visitor to sign in, and a signed-in person to the page asked for", async () => {
    await dashboard.withPage(async ({ page, consoleErrors }) => {
      await page.goto("/usage");
      await page.getByRole("button", { name: "Sign in" }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/sign-in");

      await signIn(page, demoUsers.dev);
      const links = await mainNavigation(page).getByRole("link").allTextContents();
      expect(links).toEqual(["Overview", "Usage", "Modules", "Plans", "Billing", "Alerts"]);
      // A reload of a client route is served the dashboard, which shows that route.
      await page.goto("/modules");
      await waitForSettled(page);
      expect(await page.locator("main h1").first().textContent()).toBe("Modules");
      await saveScreenshot(page);
      expect(consoleErrors).toEqual([]);
    });
  });

  for (const viewport of Object.values(viewports)) {
    const width = viewport.width;
    it(`renders sign-in, the account pages and admin without console errors at ${width}px`, async () => {
      await dashboard.withPage(async (member) => {
        await member.page.goto("/sign-in");
        await member.page.getByRole("button", { name: "Sign in" }).waitFor();
        await saveScreenshot(member.page, `page-sign-in-${width}`);

        const visited = [];
        await signIn(member.page, demoUsers.chloe);
        for (const { path, name } of accountPages) {
          visited.push(await visit(member.page, path, viewport, `page-${name}-${width}`));
        }
        const adminErrors = await dashboard.signedIn(
          demoUsers.admin,
          async (admin) => {
            visited.push(await visit(admin.page, "/admin", viewport, `page-admin-${width}`));
            return admin.consoleErrors;
          },
          viewport,
        );

        expect(
          visited.filter((page) => page.errorStates.length > 0 || page.overflowPx > 0),
        ).toEqual([]);
        expect([...member.consoleErrors, ...adminErrors]).toEqual([]);
      }, viewport);
    });
  }
});
