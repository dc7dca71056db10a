/// <reference lib="dom" />
import {
  cheapestPlanWith,
  coaching,
  moduleIds,
  planIncludesModule,
  planOf,
} from "@tally/tier-config";
import { describe, expect, it } from "vitest";
import { navigateTo, saveScreenshot } from "../support/browser";
import { confirmPlanChange } from "../support/e2e-dashboard";
import { useDemoDashboard } from "../support/e2e-fixture";
import { demoUsers } from "../support/e2e-server";

/** What the modules page should show a Free account, from the catalog itself. */
function expectedFreeModules() {
  return moduleIds(coaching).map((moduleId) => {
    const unlocked = planIncludesModule(coaching, "free", moduleId);
    const requiredPlan = unlocked ? null : cheapestPlanWith(coaching, { module: moduleId });
    return {
      moduleId,
      unlocked,
      requiredPlanName: requiredPlan === null ? null : planOf(coaching, requiredPlan).name,
    };
  });
}

describe("module access on the modules page", () => {
  const dashboard = useDemoDashboard();

  it("shows a Free account its locked modules with the plan that unlocks each, refuses to open one, and opens it after the upgrade", async () => {
    await dashboard.signedIn(demoUsers.ada, async ({ page }) => {
      await navigateTo(page, "Modules");
      const shown = await page
        .locator('[data-testid^="module-"][data-unlocked]')
        .evaluateAll((cards) =>
          cards.map((card) => ({
            moduleId: (card.getAttribute("data-testid") ?? "").replace(/^module-/, ""),
            unlocked: card.getAttribute("data-unlocked") === "true",
            requiredPlan:
              card.querySelector('[data-testid="required-plan"]')?.textContent?.trim() ?? null,
          })),
        );
      const expected = expectedFreeModules();
      expect(shown.map((card) => card.moduleId)).toEqual(expected.map((module) => module.moduleId));
      for (const [index, module] of expected.entries()) {
        const card = shown[index];
        expect(card?.unlocked, module.moduleId).toBe(module.unlocked);
        // The page waits for the catalog before it shows any card, so a locked module's badge
        // names its plan from the first render, never the plan's id.
        expect(card?.requiredPlan, module.moduleId).toBe(module.requiredPlanName);
      }
      expect(expected.filter((module) => !module.unlocked).length).toBeGreaterThan(0);
      await saveScreenshot(page, "modules-free-account-locked");

      // Opening a locked module goes to the server, which refuses it with the plan that has it.
      await page.getByRole("button", { name: "Unlock Sleep coaching" }).click();
      const hint = page.getByTestId("module-locked-hint");
      await hint.waitFor();
      expect(await hint.getAttribute("data-required-plan")).toBe("lifestyle");
      expect(await hint.textContent()).toContain("It comes with Lifestyle");
      await saveScreenshot(page, "modules-locked-module-refused");

      // The hint leads to the plans page, where the upgrade is made.
      await hint.getByRole("link", { name: "See Lifestyle" }).click();
      await page.getByTestId("plan-table").waitFor();
      await confirmPlanChange(
        page,
        page.getByTestId("plan-action-lifestyle"),
        "Upgrade to Lifestyle",
      );

      await navigateTo(page, "Modules");
      await page.locator('[data-testid="module-sleep-coaching"][data-unlocked="true"]').waitFor();
      await page.getByRole("button", { name: "Open Sleep coaching" }).click();
      const opened = page.getByTestId("module-opened");
      await opened.waitFor();
      expect(await opened.textContent()).toContain("Sleep coaching is open");
      await saveScreenshot(page);
    });
  });
});
