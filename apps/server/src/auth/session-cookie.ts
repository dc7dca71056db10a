import { createHmac, timingSafeEqual } from "node:crypto";

/** better-auth's session cookie, plain over HTTP and `__Secure-` prefixed over HTTPS. */
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?better-auth\.session_token=([^;]*)/;
const DONT_REMEMBER_COOKIE = /(?:^|;\s*)(?:__Secure-)?better-auth\.dont_remember=/;

/** What the session cookie of a request says, before any database lookup. */
export type SessionCookie =
  | { kind: "absent" }
  /** A cookie whose signature does not match: forged, or signed with another secret. */
  | { kind: "forged" }
  | { kind: "signed"; token: string; dontRemember: boolean };

/**
 * Reads and verifies the session cookie exactly as better-auth signs it (better-call's
 * `signCookieValue`): the URL-encoded `token.signature`, where the signature is the base64
 * HMAC-SHA256 of the token under the auth secret. Verified here with a synchronous HMAC, so the
 * hot path needs neither better-auth's endpoint machinery nor WebCrypto's thread pool.
 */
export function readSessionCookie(cookieHeader: string | null, secret: string): SessionCookie {
  const raw = cookieHeader === null ? undefined : SESSION_COOKIE.exec(cookieHeader)?.[1];
  if (raw === undefined || raw === "") return { kind: "absent" };
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return { kind: "forged" };
  }
  const dot = value.lastIndexOf(".");
  if (dot < 1) return { kind: "forged" };
  const token = value.slice(0, dot);
  const signature = Buffer.from(value.slice(dot + 1), "base64");
  const expected = createHmac("sha256", secret).update(token).digest();
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
    return { kind: "forged" };
  }
  return {
    kind: "signed",
    token,
    dontRemember: DONT_REMEMBER_COOKIE.test(cookieHeader ?? ""),
  };
}
