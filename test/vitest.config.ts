import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Multi-process tests get a fresh PostgreSQL database each from the db package's harness.
    globalSetup: ["@tally/db/testing/global-setup"],
    // These tests start whole server processes; PGlite's first open alone can take 5–11 s.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
