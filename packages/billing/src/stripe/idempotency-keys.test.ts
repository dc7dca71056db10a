import { describe, expect, it } from "vitest";
import {
  IDEMPOTENCY_KEY_PREFIX,
  idempotencyKey,
  isTallyIdempotencyKey,
  MAX_IDEMPOTENCY_KEY_LENGTH,
} from "./idempotency-keys";

describe("idempotency keys", () => {
  it("are deterministic per ledger row and start with the tally: prefix", () => {
    const lineId = "0b9c2f7e-5a55-4c8e-9f1d-2f3b8f6a1c11";
    expect(idempotencyKey("line", lineId)).toBe(`tally:line:${lineId}`);
    expect(idempotencyKey("line", lineId)).toBe(idempotencyKey("line", lineId));
    expect(idempotencyKey("invoice", lineId)).not.toBe(idempotencyKey("line", lineId));
    expect(isTallyIdempotencyKey(idempotencyKey("finalize", lineId))).toBe(true);
    expect(isTallyIdempotencyKey("some-other-key")).toBe(false);
    expect(isTallyIdempotencyKey(undefined)).toBe(false);
  });

  it("never exceed Stripe's 255 characters, however long the id", () => {
    for (const length of [1, 200, 243, 244, 245, 255, 256, 450, 10_000]) {
      const id = "x".repeat(length);
      for (const kind of ["customer", "invoice", "line", "finalize"] as const) {
        const key = idempotencyKey(kind, id);
        expect(key.length).toBeLessThanOrEqual(MAX_IDEMPOTENCY_KEY_LENGTH);
        expect(key.startsWith(`${IDEMPOTENCY_KEY_PREFIX}${kind}:`)).toBe(true);
      }
    }
  });

  it("keep long ids apart and deterministic once hashed", () => {
    const long = "a".repeat(300);
    const other = `${"a".repeat(299)}b`;
    expect(idempotencyKey("line", long)).toBe(idempotencyKey("line", long));
    expect(idempotencyKey("line", long)).not.toBe(idempotencyKey("line", other));
    expect(idempotencyKey("line", long)).toMatch(/^tally:line:sha256:[0-9a-f]{64}$/);
  });

  it("keeps an id that just fits as it is", () => {
    const fits = "y".repeat(MAX_IDEMPOTENCY_KEY_LENGTH - "tally:line:".length);
    expect(idempotencyKey("line", fits)).toBe(`tally:line:${fits}`);
    expect(idempotencyKey("line", `${fits}y`)).toMatch(/sha256/);
  });

  it("refuses an empty id", () => {
    expect(() => idempotencyKey("line", "")).toThrow(/non-empty/);
  });
});
