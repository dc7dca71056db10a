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
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /**
   * Signs session cookies. Required in production; elsewhere `pnpm start` generates one and keeps
   * it in the data directory (see auth/auth-secret.ts), so a newcomer needs no setup.
   */
  BETTER_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** The public URL of the server, used by the auth library for redirects and cookie origins. */
  BASE_URL: z.url({ error: "must be a URL such as http://127.0.0.1:3000" }).optional(),
  /** Users who sign up (or already exist) with one of these emails become platform admins. */
  TALLY_ADMIN_EMAILS: z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((email) => email.trim().toLowerCase())
        .filter((email) => email !== ""),
    )
    .pipe(z.array(z.email({ error: "must be a comma-separated list of emails" }))),
  /**
   * Stripe's secret (or restricted) key. Unset, Tally still closes periods and shows the invoice
   * lines, marked as not sent; set, it pushes them to Stripe as invoices.
   */
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, "must be a Stripe key: sk_test_..., sk_live_...")
    .optional(),
  /** Verifies `POST /webhooks/stripe`; without it the route refuses every delivery. */
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]+$/, "must be a webhook signing secret: whsec_...")
    .optional(),
  /** Where Stripe's API is; only tests and benchmarks point it elsewhere (the Stripe stand-in). */
  STRIPE_API_BASE: z
    .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
    .optional(),
  /**
   * Requests per second this process sends to Stripe. Stripe allows 100/s in live mode and 25/s in
   * test mode; the default is that allowance, so with several worker processes set it lower.
   */
  STRIPE_MAX_REQUESTS_PER_SECOND: z.coerce
    .number({ error: "must be a number" })
    .positive("must be above 0")
    .max(100, "must be at most 100, Stripe's live-mode limit")
    .optional(),
});

export type Env = z.infer<typeof envSchema>;

/** Parses the environment, or throws one error that names every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable (e.g. `DATABASE_URL=` in a shell) means "unset", not "invalid".
  // Vite (and so Vitest) sets BASE_URL="/" in every process it runs, children included; that is
  // its asset base, not our public URL, so it reads as unset here, as better-auth reads it too.
  const present = Object.fromEntries(
    Object.entries(source).filter(
      ([name, value]) => value !== "" && !(name === "BASE_URL" && value === "/"),
    ),
  );
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `  ${issue.path.join(".")}: ${issue.message}`,
    );
    throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  }
  if (result.data.NODE_ENV === "production" && !result.data.BETTER_AUTH_SECRET) {
    throw new Error("Invalid environment:\n  BETTER_AUTH_SECRET: is required in production");
  }
  return result.data;
}

/** Stripe's own request allowance for a key: 25 per second in test mode, 100 in live mode. */
export function stripeRequestsPerSecond(env: Env): number {
  if (env.STRIPE_MAX_REQUESTS_PER_SECOND !== undefined) return env.STRIPE_MAX_REQUESTS_PER_SECOND;
  return env.STRIPE_SECRET_KEY?.includes("_live_") ? 100 : 25;
}
