import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { saveScreenshot, waitForSettled } from "../support/browser";
import {
  alertBanners,
  confirmPlanChange,
  isSameDocument,
  markDocument,
  meterBarLevel,
  meterCard,
  waitForMeterLevel,
  waitForText,
} from "../support/e2e-dashboard";
import { useDemoDashboard } from "../support/e2e-fixture";
import { demoUsers } from "../support/e2e-server";

const VOICE = "ai_voice_seconds";

/** The voice meter's alert banner in one tone, by its `data-tone`. */
function voiceBanner(page: Page, tone: "warning" | "danger", text: string | RegExp): Locator {
  return alertBanners(page, tone).filter({ hasText: text });
}

/**
 * Ben is on Lifestyle (120 minutes) with 102 used. The dashboard's "try it" button runs the real
 * metered procedures (voice.startSession, then voice.endSession for 5 minutes), so what the meter
 * shows after each press is what the server counted.
 */
describe("usage meters and alerts on the overview", () => {
  const dashboard = useDemoDashboard();

  it("turns the meter amber at 85%, red at 100% with an upgrade prompt, and an upgrade raises the allowance in place", async () => {
    await dashboard.signedIn(demoUsers.ben, async ({ page }) => {
      await waitForSettled(page);
      const meter = meterCard(page, VOICE);

      // 85%: amber, with the 80% alert as a warning banner.
      await waitForMeterLevel(page, VOICE, "warning");
      await waitForText(meter, "102 / 120 minutes");
      expect(await meterBarLevel(page, VOICE)).toBe("warning");
      await voiceBanner(page, "warning", "80% of your AI voice minutes used").waitFor();
      await saveScreenshot(page, "usage-limits-85-percent-amber");

      await markDocument(page);
      // Four presses of 5 minutes each: 107, 112, 117, then 122 of 120 minutes.
      const tryVoice = page.getByTestId("try-voice");
      for (const minutes of [107, 112, 117, 122]) {
        await tryVoice.getByRole("button", { name: "Use 5 minutes" }).click();
        await waitForText(meter, `${minutes} / 120 minutes`);
      }

      // Past 100%: red meter, a red banner for the 100% alert, and the upgrade prompt.
      await waitForMeterLevel(page, VOICE, "blocked");
      expect(await meterBarLevel(page, VOICE)).toBe("blocked");
      // The meter's banner now says the newest alert: the 100% one or the overage that follows it.
      await voiceBanner(
        page,
        "danger",
        /100% of your AI voice minutes used|AI voice minutes: you are past your allowance/,
      ).waitFor();
      expect(await voiceBanner(page, "warning", "AI voice minutes").count()).toBe(0);
      const prompt = page.getByTestId("upgrade-prompt");
      await prompt.waitFor();
      const suggested = await prompt.getAttribute("data-plan");
      expect(suggested).toBe("growth");
      await saveScreenshot(page, "usage-limits-100-percent-red");

      // Upgrade to Growth (300 minutes): the same meter shows the new allowance, no reload.
      await confirmPlanChange(
        page,
        prompt.getByRole("button", { name: "Upgrade to Growth" }),
        "Upgrade to Growth",
      );
      await waitForText(meter, "122 / 300 minutes");
      await waitForMeterLevel(page, VOICE, "ok");
      await waitForText(page.getByTestId("plan-badge"), "Growth");
      expect(await isSameDocument(page)).toBe(true);
      await saveScreenshot(page);
    });
  });
});
