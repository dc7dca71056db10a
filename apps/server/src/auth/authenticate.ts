import type { Database } from "@tally/db";
import { findApiKeyByHash, touchApiKey } from "../data/api-keys";
import { hashApiKey, looksLikeApiKey } from "./api-key-secret";
import { type Auth, SESSION_EXPIRES_IN_SECONDS, SESSION_UPDATE_AGE_SECONDS } from "./create-auth";
import { type FoundSession, findSessionByToken } from "./find-session";
import { findSessionWithAccount } from "./find-session-with-account";
import type { MemberAccountRow } from "./member-account";
import { readSessionCookie } from "./session-cookie";

/** Who is calling, as far as the request's credentials tell. */
export type Caller =
  | { kind: "anonymous" }
  | {
      kind: "user";
      user: { id: string; email: string; name: string; role: string };
      session: { id: string; activeAccountId: string | null };
      /**
       * The account the member acts on, read with the session in the same statement when the
       * context serves one request (see `authenticate`'s `withAccount`); absent otherwise.
       */
      accountRows?: MemberAccountRow[];
    }
  | { kind: "api_key"; apiKeyId: string; accountId: string }
  /** Credentials were sent but are no good; protected procedures answer with `message`. */
  | { kind: "rejected"; message: string };

/**
 * An `Authorization: Bearer tly_...` header authenticates a service as its account; otherwise the
 * session cookie authenticates a person: its signature is checked as better-auth signs it, and the
 * session with its user is read in one query. With `withAccount` (a context that serves exactly one
 * request, as over HTTP) that query also reads the account the member acts on, so the request's
 * `accountProcedure` needs no query of its own; a context reused for several calls must not carry
 * it, or a later call would act on a membership read before it.
 */
export async function authenticate(
  deps: { db: Database; auth: Auth },
  headers: Headers,
  now: Date,
  options: { withAccount?: boolean } = {},
): Promise<Caller> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    const token = match?.[1];
    if (!token || !looksLikeApiKey(token)) {
      return { kind: "rejected", message: "The Authorization header must be `Bearer tly_...`" };
    }
    const key = await findApiKeyByHash(deps.db, { keyHash: hashApiKey(token) });
    if (!key) return { kind: "rejected", message: "Unknown API key" };
    if (key.revokedAt) {
      return {
        kind: "rejected",
        message: `This API key was revoked at ${key.revokedAt.toISOString()}`,
      };
    }
    await touchApiKey(deps.db, { id: key.id, now });
    return { kind: "api_key", apiKeyId: key.id, accountId: key.accountId };
  }

  const cookie = readSessionCookie(headers.get("cookie"), deps.auth.options.secret);
  if (cookie.kind === "absent") return { kind: "anonymous" };
  if (cookie.kind === "forged") return SESSION_REJECTED;
  const withAccount = options.withAccount
    ? await findSessionWithAccount(deps.db, { token: cookie.token })
    : undefined;
  const found =
    withAccount === undefined
      ? await findSessionByToken(deps.db, { token: cookie.token })
      : withAccount;
  // Expired sessions (better-auth deletes them) and sessions due for a refresh (it extends them)
  // are rare, so they go through better-auth itself; every other request is one query.
  if (
    found === null ||
    found.session.expiresAt <= now ||
    (!cookie.dontRemember && dueForRefresh(found.session.expiresAt, now))
  ) {
    return authenticateThroughBetterAuth(deps.auth, headers);
  }
  const caller = callerOf(found);
  if (caller.kind === "user" && withAccount) {
    return { ...caller, accountRows: withAccount.accountRows };
  }
  return caller;
}

/** better-auth's own rule (getSession): extend once `updateAge` has passed since the last extension. */
function dueForRefresh(expiresAt: Date, now: Date): boolean {
  return (
    expiresAt.getTime() - SESSION_EXPIRES_IN_SECONDS * 1000 + SESSION_UPDATE_AGE_SECONDS * 1000 <=
    now.getTime()
  );
}

/** A cookie that no longer names a live session (expired, signed out, forged). */
const SESSION_REJECTED: Caller = {
  kind: "rejected",
  message: "Your session has expired or is invalid; sign in again",
};

async function authenticateThroughBetterAuth(auth: Auth, headers: Headers): Promise<Caller> {
  const found = await auth.api.getSession({ headers });
  // A cookie that no longer names a live session is a rejection, so the client learns to sign in
  // again rather than seeing a generic "sign in" message.
  if (!found) return hasSessionCookie(headers) ? SESSION_REJECTED : { kind: "anonymous" };
  return callerOf(found);
}

function callerOf({ session, user }: FoundSession | SessionOfBetterAuth): Caller {
  return {
    kind: "user",
    user: { id: user.id, email: user.email, name: user.name, role: user.role ?? "user" },
    session: { id: session.id, activeAccountId: session.activeAccountId ?? null },
  };
}

type SessionOfBetterAuth = NonNullable<Awaited<ReturnType<Auth["api"]["getSession"]>>>;

function hasSessionCookie(headers: Headers): boolean {
  return /(^|;\s*)(__Secure-)?better-auth\.session_token=/.test(headers.get("cookie") ?? "");
}
