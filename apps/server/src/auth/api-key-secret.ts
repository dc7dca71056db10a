import { createHash, randomInt } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** 40 base62 characters carry about 238 bits: far beyond guessing, short enough to paste. */
const SECRET_LENGTH = 40;
export const API_KEY_PREFIX = "tly_";
/** How much of the key the dashboard shows, so people can tell their keys apart. */
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 6;

export interface GeneratedApiKey {
  /** The whole key, shown to its creator once and never stored. */
  secret: string;
  prefix: string;
  keyHash: string;
}

export function generateApiKey(): GeneratedApiKey {
  // randomInt draws without modulo bias, so every character is equally likely.
  const body = Array.from({ length: SECRET_LENGTH }, () => BASE62[randomInt(BASE62.length)]).join(
    "",
  );
  const secret = `${API_KEY_PREFIX}${body}`;
  return { secret, prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH), keyHash: hashApiKey(secret) };
}

/** SHA-256 in lowercase hex, the form `api_keys.key_hash` stores and looks keys up by. */
export function hashApiKey(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Whether a string has the shape of a Tally key; anything else is not worth a lookup. */
export function looksLikeApiKey(value: string): boolean {
  return /^tly_[0-9A-Za-z]{32,}$/.test(value);
}
