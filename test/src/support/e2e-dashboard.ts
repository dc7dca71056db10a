/// <reference lib="dom" />
import type { Locator, Page } from "playwright-core";

// Helpers that read the dashboard through its own hooks for tests: `data-testid` on the parts a
// test checks, `data-level` on each meter card and its bar fill, and `data-tone` on each alert
// banner, so no check depends on styling (Tailwind class names).

/** A meter card's `data-level`: fine, past its first alert threshold (amber), or full (red). */
export type MeterLevel = "ok" | "warning" | "blocked";

export function meterCard(page: Page, meterId: string): Locator {
  return page.getByTestId(`meter-${meterId}`);
}

/** Resolves once the meter card shows `level` (amber for warning, red for blocked). */
export async function waitForMeterLevel(
  page: Page,
  meterId: string,
  level: MeterLevel,
): Promise<void> {
  await page.locator(`[data-testid="meter-${meterId}"][data-level="${level}"]`).waitFor();
}

/** The level the meter's bar fill is drawn at (its `data-level`), which decides its colour. */
export async function meterBarLevel(page: Page, meterId: string): Promise<string | null> {
  return meterCard(page, meterId).locator('[role="progressbar"] > div').getAttribute("data-level");
}

/** The alert banners of one tone (`data-tone`: warning for 80%, danger at or past 100%). */
export function alertBanners(page: Page, tone: "warning" | "danger"): Locator {
  return page.locator(`[data-testid="alert-banner"][data-tone="${tone}"]`);
}

const documentMarker = "__tallyE2eDocument";

/**
 * Tags the loaded document, so `isSameDocument` can later tell whether the page was reloaded or
 * navigated away in between (a reload starts a new document without the tag).
 */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate((marker) => {
    Reflect.set(window, marker, true);
  }, documentMarker);
}

export async function isSameDocument(page: Page): Promise<boolean> {
  return page.evaluate((marker) => Reflect.get(window, marker) === true, documentMarker);
}

/** Resolves once the element's text content includes `text`; the text may arrive after a refetch. */
export async function waitForText(locator: Locator, text: string): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor();
}

/**
 * Presses the control that starts a plan change (an "Upgrade to Growth", "Downgrade" or "Cancel
 * plan" button), then the confirmation dialog's own button, and resolves once the dialog has
 * closed: the dashboard closes it only after the server accepted the change and the page's
 * queries were invalidated.
 */
export async function confirmPlanChange(
  page: Page,
  trigger: Locator,
  confirmName: string,
): Promise<void> {
  await trigger.click();
  const dialog = page.getByTestId("confirm-dialog");
  await dialog.waitFor();
  await dialog.getByRole("button", { name: confirmName, exact: true }).click();
  await dialog.waitFor({ state: "detached" });
}

/** A plan boundary as the dashboard writes it: "Dec 11, 2026" (UTC). */
export function formatDayYear(at: Date): string {
  return new Intl.DateTimeFormat("en-US", {
    month: "short",
    day: "numeric",
    year: "numeric",
    timeZone: "UTC",
  }).format(at);
}

/** Integer cents as the dashboard writes money: 4560 -> "$45.60". */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(cents / 100);
}
