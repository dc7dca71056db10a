import { createHmac, timingSafeEqual } from "node:crypto";

/** How old a signed delivery may be before a receiver should refuse it as a possible replay. */
const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * The `Tally-Signature` header for a webhook body: `t=<unix seconds>,v1=<hex HMAC-SHA256>` of
 * `"<t>.<body>"` with the account's webhook secret. Signing the timestamp together with the body
 * lets a receiver reject an old delivery that someone captured and sends again.
 */
export function signWebhookPayload(secret: string, body: string, timestamp: Date): string {
  const seconds = Math.floor(timestamp.getTime() / 1000);
  return `t=${seconds},v1=${hmacHex(secret, seconds, body)}`;
}

export interface VerifyWebhookOptions {
  now: Date;
  /** Deliveries signed longer ago than this (or this far in the future) are refused. */
  toleranceSeconds?: number;
}

/**
 * Whether `header` (a `Tally-Signature` value) signs exactly this raw `body` with `secret`, at a
 * time within the tolerance of `now`. The receiver must pass the body as received, before any
 * JSON parsing, because re-serialising can change the bytes.
 */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string,
  { now, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS }: VerifyWebhookOptions,
): boolean {
  const fields = new Map<string, string>();
  for (const part of header.split(",")) {
    const separator = part.indexOf("=");
    if (separator > 0)
      fields.set(part.slice(0, separator).trim(), part.slice(separator + 1).trim());
  }
  const timestamp = fields.get("t");
  const signature = fields.get("v1");
  if (timestamp === undefined || signature === undefined) return false;
  if (!/^\d+$/.test(timestamp) || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  const seconds = Number(timestamp);
  if (Math.abs(now.getTime() / 1000 - seconds) > toleranceSeconds) return false;

  const expected = Buffer.from(hmacHex(secret, seconds, body), "hex");
  // Constant time, so a forger cannot learn the signature byte by byte from response times.
  return timingSafeEqual(Buffer.from(signature, "hex"), expected);
}

function hmacHex(secret: string, seconds: number, body: string): string {
  return createHmac("sha256", secret).update(`${seconds}.${body}`).digest("hex");
}
