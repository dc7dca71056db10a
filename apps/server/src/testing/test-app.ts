import { randomBytes } from "node:crypto";
import type { TestDatabase } from "@tally/db/testing";
import { type AnyCatalog, coaching } from "@tally/tier-config";
import pino from "pino";
import { createApp } from "../app";
import { createAuth } from "../auth/create-auth";
import { listAccountsOfUser } from "../data/memberships";
import { type BillingDeps, createContext, type ServerDeps } from "../trpc/context";
import { createCallerFactory } from "../trpc/init";
import { appRouter } from "../trpc/root";

export const TEST_PASSWORD = "correct horse battery staple";

export interface TestUser {
  userId: string;
  email: string;
  /** The `Cookie` header value that carries the session. */
  cookie: string;
  /** The personal account sign-up created. */
  accountId: string;
}

export type LogLine = Record<string, unknown> & { msg?: string };

/**
 * The whole server on a test database, without a port: HTTP through `app.request`, procedures
 * through `createCaller` with a context built from real request headers, and every log line
 * captured for assertions.
 */
export function createTestApp(
  database: TestDatabase,
  catalog: AnyCatalog = coaching,
  options: {
    isDatabaseReady?: () => Promise<boolean>;
    webRoot?: string;
    billing?: Partial<BillingDeps>;
  } = {},
) {
  const logs: LogLine[] = [];
  const logger = pino(
    { level: "info" },
    { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) },
  );
  const auth = createAuth({
    db: database.db,
    catalog,
    logger,
    secret: "test-secret-test-secret-test-secret-0123",
    baseUrl: "http://localhost:3000",
    adminEmails: ["admin@test.tally.dev"],
  });
  const billing: BillingDeps = { stripe: null, webhookSecret: null, ...options.billing };
  const deps: ServerDeps = { db: database.db, catalog, logger, auth, billing };
  const app = createApp({
    ...deps,
    isDatabaseReady: options.isDatabaseReady ?? (async () => true),
    webRoot: options.webRoot,
  });
  const createCaller = createCallerFactory(appRouter);

  async function signUp(options: { email?: string; name?: string } = {}): Promise<TestUser> {
    const email = options.email ?? `user-${randomBytes(4).toString("hex")}@test.tally.dev`;
    const response = await app.request("/api/auth/sign-up/email", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: TEST_PASSWORD, name: options.name ?? email }),
    });
    if (response.status !== 200) {
      throw new Error(`sign-up failed with ${response.status}: ${await response.text()}`);
    }
    const body = (await response.json()) as { user: { id: string } };
    const cookie = sessionCookieOf(response);
    const [account] = await listAccountsOfUser(database.db, { userId: body.user.id });
    if (!account) throw new Error("sign-up created no account");
    return { userId: body.user.id, email, cookie, accountId: account.accountId };
  }

  /** Signs an existing person in (a demo user, say); returns the session's `Cookie` value. */
  async function signIn(email: string, password: string): Promise<string> {
    const response = await app.request("/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    if (response.status !== 200) {
      throw new Error(`sign-in failed with ${response.status}: ${await response.text()}`);
    }
    return sessionCookieOf(response);
  }

  /** The context a request with these headers (cookie, Authorization, Idempotency-Key) gets. */
  async function contextWith(headers: Record<string, string> = {}, now?: Date) {
    return createContext(deps, { headers: new Headers(headers), resHeaders: new Headers(), now });
  }

  /** A tRPC caller acting with these request headers. */
  async function callerWith(headers: Record<string, string> = {}, now?: Date) {
    const ctx = await contextWith(headers, now);
    return { caller: createCaller(ctx), resHeaders: ctx.resHeaders };
  }

  async function callerOf(user: TestUser, extra: Record<string, string> = {}) {
    return (await callerWith({ cookie: user.cookie, ...extra })).caller;
  }

  /** A raw tRPC call over HTTP, as a plain client would make it. */
  async function http(
    path: string,
    options: { input?: unknown; headers?: Record<string, string>; query?: boolean; body?: string },
  ) {
    const headers = { "content-type": "application/json", ...options.headers };
    if (options.query) {
      const search =
        options.input === undefined
          ? ""
          : `?input=${encodeURIComponent(JSON.stringify(options.input))}`;
      return app.request(`/trpc/${path}${search}`, { headers });
    }
    return app.request(`/trpc/${path}`, {
      method: "POST",
      headers,
      body: options.body ?? JSON.stringify(options.input ?? null),
    });
  }

  return { app, auth, deps, logs, signUp, signIn, contextWith, callerWith, callerOf, http };
}

export type TestApp = ReturnType<typeof createTestApp>;

function sessionCookieOf(response: Response): string {
  const cookies = response.headers.getSetCookie();
  const session = cookies.find((cookie) => cookie.startsWith("better-auth.session_token="));
  if (!session) throw new Error(`no session cookie in ${cookies.join(" | ")}`);
  return session.split(";")[0] ?? session;
}
