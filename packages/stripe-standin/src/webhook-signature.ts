import { createHmac } from "node:crypto";

export interface SignOptions {
  secret: string;
  /** Unix seconds (default: now). A stale timestamp lets a test check tolerance handling. */
  timestamp?: number;
}

/** Hex HMAC-SHA256 of `"<timestamp>.<payload>"`, Stripe's `v1` scheme. */
function computeSignature(payload: string, secret: string, timestamp: number): string {
  return createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
}

/** The `Stripe-Signature` header value for exactly these payload bytes: `t=<unix>,v1=<hex>`. */
export function signPayload(payload: string, options: SignOptions): string {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return `t=${timestamp},v1=${computeSignature(payload, options.secret, timestamp)}`;
}
