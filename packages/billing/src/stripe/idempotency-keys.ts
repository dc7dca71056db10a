import { createHash } from "node:crypto";

/**
 * Every idempotency key Tally sends to Stripe starts with this, so a webhook (whose event carries
 * the key of the request that caused it) can tell Tally's own changes from a person's in the
 * Stripe dashboard.
 */
export const IDEMPOTENCY_KEY_PREFIX = "tally:";

/** Stripe refuses longer keys, which would make every request for that row fail for good. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** What a key stands for; each Stripe object Tally creates or finalizes has exactly one kind. */
export type IdempotencyKeyKind = "customer" | "invoice" | "line" | "finalize";

/**
 * The key for creating (or finalizing) the Stripe object that mirrors one ledger row: the same
 * row always gives the same key, so a retry after a crash or a lost response asks Stripe for the
 * same object instead of a second one. Ids too long to fit are replaced by their SHA-256, which is
 * just as deterministic and keeps the key within Stripe's 255 characters.
 */
export function idempotencyKey(kind: IdempotencyKeyKind, id: string): string {
  if (id === "") throw new RangeError(`an idempotency key for a ${kind} needs a non-empty id`);
  const key = `${IDEMPOTENCY_KEY_PREFIX}${kind}:${id}`;
  if (key.length <= MAX_IDEMPOTENCY_KEY_LENGTH) return key;
  const digest = createHash("sha256").update(id).digest("hex");
  return `${IDEMPOTENCY_KEY_PREFIX}${kind}:sha256:${digest}`;
}

/** Whether a Stripe request (or the event it caused) came from Tally. */
export function isTallyIdempotencyKey(key: string | null | undefined): boolean {
  return typeof key === "string" && key.startsWith(IDEMPOTENCY_KEY_PREFIX);
}
