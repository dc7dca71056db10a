import { describe, expect, it } from "vitest";
import { parseEnv, stripeRequestsPerSecond } from "./env";

describe("parseEnv", () => {
  it("starts on the embedded database with the coaching catalog when nothing is set", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env).toMatchObject({
      TALLY_DATA_DIR: ".data",
      PORT: 3000,
      TALLY_CATALOG: "coaching",
      TALLY_SEED_DEMO: true,
    });
  });

  it("treats an empty variable as unset", () => {
    const env = parseEnv({ DATABASE_URL: "", PORT: "" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
  });

  it("reads Vite's BASE_URL=/ as unset", () => {
    expect(parseEnv({ BASE_URL: "/" }).BASE_URL).toBeUndefined();
  });

  it("requires BETTER_AUTH_SECRET in production", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/BETTER_AUTH_SECRET: is required/);
    expect(parseEnv({ NODE_ENV: "production", BETTER_AUTH_SECRET: "x".repeat(32) }).NODE_ENV).toBe(
      "production",
    );
  });

  it("reads TALLY_ADMIN_EMAILS as a lowercase list", () => {
    expect(
      parseEnv({ TALLY_ADMIN_EMAILS: " Ops@Example.com, , b@example.com" }).TALLY_ADMIN_EMAILS,
    ).toEqual(["ops@example.com", "b@example.com"]);
    expect(() => parseEnv({ TALLY_ADMIN_EMAILS: "not-an-email" })).toThrow(/TALLY_ADMIN_EMAILS/);
  });

  it("accepts a PostgreSQL URL and a catalog by name", () => {
    const env = parseEnv({
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/postgres",
      TALLY_CATALOG: "reports",
      PORT: "8080",
    });
    expect(env).toMatchObject({ TALLY_CATALOG: "reports", PORT: 8080 });
  });

  it.each([
    ["DATABASE_URL", "mysql://root@localhost/db", /DATABASE_URL: must be a postgres/],
    ["PORT", "eighty", /PORT: must be a port number/],
    ["PORT", "70000", /PORT: must be between 1 and 65535/],
    ["TALLY_CATALOG", "nutriton", /TALLY_CATALOG: must be one of: coaching, reports/],
    ["TALLY_SEED_DEMO", "yes", /TALLY_SEED_DEMO: must be "true" or "false"/],
    ["STRIPE_SECRET_KEY", "pk_test_123", /STRIPE_SECRET_KEY: must be a Stripe key/],
    ["STRIPE_WEBHOOK_SECRET", "secret", /STRIPE_WEBHOOK_SECRET: must be a webhook signing/],
    ["STRIPE_API_BASE", "ftp://stripe", /STRIPE_API_BASE: must be an http/],
    ["STRIPE_MAX_REQUESTS_PER_SECOND", "500", /STRIPE_MAX_REQUESTS_PER_SECOND: must be at most/],
  ])("names %s when it is %s", (name, value, message) => {
    expect(() => parseEnv({ [name]: value })).toThrow(message);
  });

  it("names every bad variable at once", () => {
    expect(() => parseEnv({ PORT: "0", TALLY_CATALOG: "x" })).toThrow(
      /PORT: .*\n.*TALLY_CATALOG: /,
    );
  });

  it("paces Stripe requests at the key's own allowance unless told otherwise", () => {
    expect(stripeRequestsPerSecond(parseEnv({ STRIPE_SECRET_KEY: "sk_test_abc" }))).toBe(25);
    expect(stripeRequestsPerSecond(parseEnv({ STRIPE_SECRET_KEY: "sk_live_abc" }))).toBe(100);
    expect(
      stripeRequestsPerSecond(
        parseEnv({ STRIPE_SECRET_KEY: "sk_live_abc", STRIPE_MAX_REQUESTS_PER_SECOND: "40" }),
      ),
    ).toBe(40);
  });
});
