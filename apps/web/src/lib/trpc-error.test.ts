import { describe, expect, it } from "vitest";
import { readLimitRefusal, readModuleRefusal } from "./trpc-error";

function trpcError(message: string, data: Record<string, unknown>) {
  return Object.assign(new Error(message), { data });
}

describe("reading refusals from tRPC errors", () => {
  it("reads a 429's meter, standing and upgrade plan", () => {
    const error = trpcError("No voice minutes remain on your plan", {
      code: "TOO_MANY_REQUESTS",
      httpStatus: 429,
      reason: "limit_reached",
      meter: "ai_voice_seconds",
      used: 900,
      limit: 900,
      resetsAt: null,
      upgradeTo: "lifestyle",
    });
    expect(readLimitRefusal(error)).toEqual({
      message: "No voice minutes remain on your plan",
      reason: "limit_reached",
      meter: "ai_voice_seconds",
      used: 900,
      limit: 900,
      resetsAt: null,
      upgradeTo: "lifestyle",
    });
    expect(readModuleRefusal(error)).toBeNull();
  });

  it("reads a locked module's required plan", () => {
    const error = trpcError("Locked", {
      code: "FORBIDDEN",
      module: "negotiation",
      requiredPlan: "mastery",
    });
    expect(readModuleRefusal(error)).toEqual({
      message: "Locked",
      module: "negotiation",
      requiredPlan: "mastery",
    });
  });

  it("does not mistake other errors or malformed data for refusals", () => {
    expect(readLimitRefusal(new Error("network"))).toBeNull();
    expect(
      readLimitRefusal(trpcError("x", { code: "TOO_MANY_REQUESTS", used: "9" }))?.used,
    ).toBeNull();
  });
});
