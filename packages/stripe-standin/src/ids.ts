import { randomBytes } from "node:crypto";

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Stripe-looking ids (`cus_`, `in_`, `ii_`, `evt_`, `req_`): a prefix and 24 random base62 characters. */
export function newId(prefix: string): string {
  const bytes = randomBytes(24);
  let out = `${prefix}_`;
  for (const byte of bytes) {
    out += alphabet[byte % alphabet.length];
  }
  return out;
}
