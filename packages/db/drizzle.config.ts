import { defineConfig } from "drizzle-kit";

// Paths are relative to this package, where the `generate` and `check` scripts run.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/index.ts",
  out: "../../drizzle",
  casing: "snake_case",
});
