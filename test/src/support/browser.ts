/// <reference lib="dom" />
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import { DEMO_PASSWORD } from "./e2e-server";
import { repoRoot } from "./server-process";

/**
 * Debian's Chromium: the tests never download a browser of their own. CI installs the package
 * (.ci/run); elsewhere CHROMIUM_PATH may point at another build.
 */
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Flags that keep a headless Chromium quiet and self-contained on a CI machine. */
const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export const artifactsDir = join(repoRoot, "test/artifacts");

export const viewports = {
  phone: { width: 375, height: 812 },
  desktop: { width: 1280, height: 800 },
} as const;

export type Viewport = { width: number; height: number };

/** One browser per test file; each test opens its own context with `withPage` (or `openPage`). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `No Chromium at ${chromiumPath}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions the page produced so far, in order. */
  consoleErrors: string[];
  close: () => Promise<void>;
}

/**
 * A fresh context (its own cookies and storage) with one page on the dashboard's origin, recording
 * every console error and uncaught exception so a test can require there were none.
 */
export async function openPage(
  browser: Browser,
  baseUrl: string,
  viewport: Viewport = viewports.desktop,
): Promise<TestPage> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") {
      const where = message.location();
      consoleErrors.push(`${message.text()} (${where.url}:${where.lineNumber})`);
    }
  });
  page.on("pageerror", (error) => {
    consoleErrors.push(`uncaught: ${error.stack ?? error.message}`);
  });
  return { context, page, consoleErrors, close: () => context.close() };
}

/**
 * Signs in through the dashboard's own form, as a person would, and resolves once the signed-in
 * navigation shows.
 */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Either the dashboard shows, or the form says why not; the second fails with its words.
  const refusal = page.getByRole("alert");
  await mainNavigation(page).or(refusal).first().waitFor();
  if (await refusal.isVisible()) {
    throw new Error(`signing in as ${email} was refused: ${await refusal.textContent()}`);
  }
}

/** The dashboard's main navigation, shown only when someone is signed in. */
export function mainNavigation(page: Page) {
  return page.getByRole("navigation", { name: "Main" });
}

/** Goes to a dashboard page through the main navigation, as a person would. */
export async function navigateTo(page: Page, label: string): Promise<void> {
  // The name may go on with a count, as in "Alerts 3 unread".
  const link = mainNavigation(page).getByRole("link", { name: new RegExp(`^${label}(\\s|$)`) });
  await link.click();
  // The link is marked current in the same render that swaps the page, so from here on the
  // heading and placeholders that `waitForSettled` looks at belong to the new page.
  await mainNavigation(page).locator('a[aria-current="page"]').filter({ hasText: label }).waitFor();
  await waitForSettled(page);
}

/**
 * Waits until the page shows a heading and no loading placeholder is left (the dashboard marks
 * them `data-testid="loading"`), so a screenshot or a check sees the data state.
 */
export async function waitForSettled(page: Page): Promise<void> {
  await page.locator("main h1").first().waitFor();
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="loading"]').length === 0,
  );
}

/**
 * A full-page screenshot at test/artifacts/<name>.png, the name made file-safe; without a name,
 * the running test's own.
 */
export async function saveScreenshot(page: Page, name = currentTestName()): Promise<string> {
  await mkdir(artifactsDir, { recursive: true });
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  const path = join(artifactsDir, `${slug}.png`);
  // From the top, so the sticky header sits where a person sees it rather than where the last
  // click scrolled to; transitions finish at once, so bars show their final width.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage: true, animations: "disabled" });
  return path;
}

/** The running test's own name, without the names of the blocks around it. */
function currentTestName(): string {
  const full = expect.getState().currentTestName ?? "unnamed test";
  return full.split(" > ").at(-1) ?? full;
}

/**
 * Runs `use` with a fresh context and page, and closes them after. When `use` fails, the page as
 * it was is saved first, as test/artifacts/<test-name>-failure.png, to show what went wrong.
 */
export async function withPage<T>(
  browser: Browser,
  baseUrl: string,
  use: (opened: TestPage) => Promise<T>,
  viewport: Viewport = viewports.desktop,
): Promise<T> {
  const opened = await openPage(browser, baseUrl, viewport);
  try {
    return await use(opened);
  } catch (error) {
    await saveScreenshot(opened.page, failureScreenshotName(viewport)).catch(
      (screenshotError: unknown) => {
        console.error("could not save the failure screenshot:", screenshotError);
      },
    );
    throw error;
  } finally {
    await opened.close();
  }
}

const failureScreenshots = new Map<string, number>();

/** "<test>-<width>-failure", then "-failure-2" and on for other pages of the same test. */
function failureScreenshotName(viewport: Viewport): string {
  const base = `${currentTestName()}-${viewport.width}-failure`;
  const count = (failureScreenshots.get(base) ?? 0) + 1;
  failureScreenshots.set(base, count);
  return count === 1 ? base : `${base}-${count}`;
}

export interface TrpcAnswer {
  status: number;
  body: unknown;
}

/**
 * Calls a tRPC procedure over plain HTTP with the page's cookies (its signed-in session), for
 * checks the UI cannot make, such as a non-admin calling an admin procedure.
 */
export async function callTrpc(
  page: Page,
  path: string,
  kind: "query" | "mutation",
  input?: unknown,
): Promise<TrpcAnswer> {
  const response =
    kind === "query"
      ? await page.request.get(
          `/trpc/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
        )
      : await page.request.post(`/trpc/${path}`, {
          headers: { "content-type": "application/json" },
          ...(input === undefined ? {} : { data: JSON.stringify(input) }),
        });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: the raw text is what the test reports.
  }
  return { status: response.status(), body };
}
