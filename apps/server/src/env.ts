import { type CatalogName, catalogs } from "@tally/tier-config";
import { z } from "zod";

/**
 * The server's whole configuration, read from the environment once at start. Packages never read
 * `process.env`; they receive these values as parameters.
 */
const envSchema = z.object({
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" })
    .optional(),
  TALLY_DATA_DIR: z.string().min(1).default(".data"),
  PORT: z.coerce
    .number({ error: "must be a port number" })
    .int()
    .min(1, "must be between 1 and 65535")
    .max(65535, "must be between 1 and 65535")
    .default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  TALLY_CATALOG: z
    .enum(Object.keys(catalogs) as [CatalogName, ...CatalogName[]], {
      error: `must be one of: ${Object.keys(catalogs).join(", ")}`,
    })
    .default("coaching"),
  TALLY_SEED_DEMO: z
    .enum(["true", "false"], { error: 'must be "true" or "false"' })
    .default("true")
    .transform((value) => value === "true"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = z.infer<typeof envSchema>;

/** Parses the environment, or throws one error that names every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable (e.g. `DATABASE_URL=` in a shell) means "unset", not "invalid".
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `  ${issue.path.join(".")}: ${issue.message}`,
    );
    throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  }
  return result.data;
}
