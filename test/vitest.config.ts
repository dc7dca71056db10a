import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "integration",
          include: ["src/**/*.test.ts"],
          sequence: { groupOrder: 0 },
          // The browser tests are their own project below, with the dashboard build they need.
          exclude: [...configDefaults.exclude, "src/e2e/**"],
          // Multi-process tests get a fresh PostgreSQL database each from the db package's harness.
          globalSetup: ["@tally/db/testing/global-setup"],
          // These tests start whole server processes; PGlite's first open alone can take 5–11 s.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["src/e2e/**/*.test.ts"],
          // After the integration project, not beside it: those tests start and kill servers of
          // their own, and a browser sharing two cores with them would only make both slower.
          sequence: { groupOrder: 1 },
          // The dashboard is built once per run (when stale), before any server starts.
          globalSetup: ["@tally/db/testing/global-setup", "./src/support/e2e-global-setup.ts"],
          // The work happens in each file's server and browser processes, so two files at a time
          // keep both cores busy; vitest's default on a 2-core machine is one.
          maxWorkers: 2,
          // Each file starts a server and a browser; the whole flow of a test is one `it`.
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
