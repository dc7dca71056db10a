import { defineConfig } from "vitest/config";

// The unit tests cover pure helpers, so they run in Node without the browser plugins.
export default defineConfig({
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});
