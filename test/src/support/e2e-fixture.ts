import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import {
  launchBrowser,
  signIn,
  type TestPage,
  type Viewport,
  viewports,
  withPage,
} from "./browser";
import { type DemoServer, startDemoServer } from "./e2e-server";

export interface DemoDashboard {
  /** The file's demo server; read inside a test or hook, once `beforeAll` has started it. */
  readonly server: DemoServer;
  /** The file's Chromium; read inside a test or hook, once `beforeAll` has launched it. */
  readonly browser: Browser;
  /** `withPage` on this file's server and browser. */
  withPage: <T>(use: (opened: TestPage) => Promise<T>, viewport?: Viewport) => Promise<T>;
  /** `withPage`, signed in as `email` through the dashboard's own form before `use` runs. */
  signedIn: <T>(
    email: string,
    use: (opened: TestPage) => Promise<T>,
    viewport?: Viewport,
  ) => Promise<T>;
}

/**
 * The set-up every end-to-end file shares: a demo server on a database of its own and a browser,
 * started together before the file's tests and stopped after them. Call it once at the top of a
 * `describe`; the tests in the file share both and each opens its own page.
 */
export function useDemoDashboard(): DemoDashboard {
  let server: DemoServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const started = () => {
    if (server === undefined || browser === undefined) {
      throw new Error("the demo dashboard is used before its beforeAll started it");
    }
    return { server, browser };
  };

  const dashboard: DemoDashboard = {
    get server() {
      return started().server;
    },
    get browser() {
      return started().browser;
    },
    withPage: (use, viewport = viewports.desktop) => {
      const running = started();
      return withPage(running.browser, running.server.url, use, viewport);
    },
    signedIn: (email, use, viewport) =>
      dashboard.withPage(async (opened) => {
        await signIn(opened.page, email);
        return use(opened);
      }, viewport),
  };
  return dashboard;
}
