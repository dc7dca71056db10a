import { authIdentities, type Database, sessions, users, verifications } from "@tally/db";
import { createAccount } from "@tally/metering";
import type { AnyCatalog } from "@tally/tier-config";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import type { Logger } from "../logger";

export interface AuthConfig {
  db: Database;
  catalog: AnyCatalog;
  logger: Logger;
  secret: string;
  baseUrl: string;
  /** Lowercase emails that become platform admins when they sign up. */
  adminEmails: readonly string[];
}

/** Sessions live a week and are extended once a day of use (better-auth's defaults, made explicit
 * because the session lookup on the request path applies the same rule). */
export const SESSION_EXPIRES_IN_SECONDS = 7 * 24 * 60 * 60;
export const SESSION_UPDATE_AGE_SECONDS = 24 * 60 * 60;

/** The smallest password better-auth accepts by default; kept explicit because the docs say so. */
const MIN_PASSWORD_LENGTH = 8;

/**
 * better-auth on our own tables: email + password, sessions stored in `sessions` (database
 * sessions, so every server process sees every sign-in). Its "account" model is our
 * `auth_identities`, because `accounts` is Tally's tenant table.
 */
export function createAuth(config: AuthConfig) {
  const { db, catalog, logger } = config;
  return betterAuth({
    secret: config.secret,
    baseURL: config.baseUrl,
    basePath: "/api/auth",
    telemetry: { enabled: false },
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: {
        user: users,
        session: sessions,
        account: authIdentities,
        verification: verifications,
      },
    }),
    emailAndPassword: { enabled: true, minPasswordLength: MIN_PASSWORD_LENGTH },
    user: {
      additionalFields: {
        // Read with the user so adminProcedure needs no extra query; never settable by sign-up.
        role: { type: "string", required: false, input: false, defaultValue: "user" },
      },
    },
    session: {
      expiresIn: SESSION_EXPIRES_IN_SECONDS,
      updateAge: SESSION_UPDATE_AGE_SECONDS,
      additionalFields: {
        // Tally's choice of account, read with the session; written only by accounts.switch.
        activeAccountId: { type: "string", required: false, input: false },
      },
    },
    databaseHooks: {
      user: {
        create: {
          before: async (user) => {
            const isAdmin = config.adminEmails.includes(user.email.toLowerCase());
            return { data: { ...user, role: isAdmin ? "admin" : "user" } };
          },
          // Every person starts with an account of their own on the catalog's default plan.
          after: async (user) => {
            const { account } = await createAccount(db, catalog, {
              name: user.name,
              ownerUserId: user.id,
              now: new Date(),
            });
            logger.info({ userId: user.id, accountId: account.id }, "personal account created");
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
