import { describe, expect, it } from "vitest";
import { signWebhookPayload, verifyWebhookSignature } from "./webhook-signature";

const SECRET = "whsec_test";
const BODY = '{"id":"a1","used":96}';
const SIGNED_AT = new Date("2025-01-10T09:00:00.750Z");

describe("webhook signatures", () => {
  it("carry the unix second and an HMAC-SHA256 of '<t>.<body>'", () => {
    const header = signWebhookPayload(SECRET, BODY, SIGNED_AT);
    // Computed independently: printf '1736499600.{"id":"a1","used":96}' |
    // openssl dgst -sha256 -hmac whsec_test
    expect(header).toBe(
      "t=1736499600,v1=721a679b7ea6d5e8b7e02626e590e053dd6e5e2ebae1d8e2a8ec013ec89b019b",
    );
  });

  it("verify for the exact body, secret and a recent time", () => {
    const header = signWebhookPayload(SECRET, BODY, SIGNED_AT);
    expect(verifyWebhookSignature(SECRET, BODY, header, { now: SIGNED_AT })).toBe(true);
    const fourMinutesLater = new Date(SIGNED_AT.getTime() + 4 * 60_000);
    expect(verifyWebhookSignature(SECRET, BODY, header, { now: fourMinutesLater })).toBe(true);
  });

  it("fail for a changed body, another secret, an old delivery or a malformed header", () => {
    const header = signWebhookPayload(SECRET, BODY, SIGNED_AT);
    const now = SIGNED_AT;
    expect(verifyWebhookSignature(SECRET, BODY.replace("96", "97"), header, { now })).toBe(false);
    expect(verifyWebhookSignature("whsec_other", BODY, header, { now })).toBe(false);
    const tenMinutesLater = new Date(SIGNED_AT.getTime() + 10 * 60_000);
    expect(verifyWebhookSignature(SECRET, BODY, header, { now: tenMinutesLater })).toBe(false);
    const replayedWithNewTime = header.replace("t=1736499600", "t=1736499660");
    expect(verifyWebhookSignature(SECRET, BODY, replayedWithNewTime, { now })).toBe(false);
    for (const malformed of [
      "",
      "t=1736499600",
      "v1=abc",
      "t=x,v1=00",
      `t=1736499600,v1=${"0".repeat(64)}`,
    ]) {
      expect(verifyWebhookSignature(SECRET, BODY, malformed, { now })).toBe(false);
    }
  });
});
