import type { Database } from "@tally/db";
import { findApiKeyByHash, touchApiKey } from "../data/api-keys";
import { hashApiKey, looksLikeApiKey } from "./api-key-secret";
import type { Auth } from "./create-auth";

/** Who is calling, as far as the request's credentials tell. */
export type Caller =
  | { kind: "anonymous" }
  | {
      kind: "user";
      user: { id: string; email: string; name: string; role: string };
      session: { id: string; activeAccountId: string | null };
    }
  | { kind: "api_key"; apiKeyId: string; accountId: string }
  /** Credentials were sent but are no good; protected procedures answer with `message`. */
  | { kind: "rejected"; message: string };

/**
 * An `Authorization: Bearer tly_...` header authenticates a service as its account; otherwise the
 * session cookie (checked by better-auth against `sessions`) authenticates a person.
 */
export async function authenticate(
  deps: { db: Database; auth: Auth },
  headers: Headers,
  now: Date,
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

  const found = await deps.auth.api.getSession({ headers });
  if (!found) {
    // A cookie that no longer names a live session (expired, signed out, forged) is a rejection,
    // so the client learns to sign in again rather than seeing a generic "sign in" message.
    return hasSessionCookie(headers)
      ? { kind: "rejected", message: "Your session has expired or is invalid; sign in again" }
      : { kind: "anonymous" };
  }
  return {
    kind: "user",
    user: {
      id: found.user.id,
      email: found.user.email,
      name: found.user.name,
      role: found.user.role ?? "user",
    },
    session: { id: found.session.id, activeAccountId: found.session.activeAccountId ?? null },
  };
}

function hasSessionCookie(headers: Headers): boolean {
  return /(^|;\s*)(__Secure-)?better-auth\.session_token=/.test(headers.get("cookie") ?? "");
}
