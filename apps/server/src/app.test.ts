import { ping } from "@tally/db/client";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { coaching } from "@tally/tier-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "./testing/test-app";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(() => database.drop());

function appWith(isDatabaseReady: () => Promise<boolean>) {
  return createTestApp(database, coaching, { isDatabaseReady }).app;
}

describe("health and readiness", () => {
  it("answers /health while the process runs", async () => {
    const response = await appWith(async () => false).request("/health");
    expect(response.status).toBe(200);
  });

  it("is ready when the database answers", async () => {
    const response = await appWith(() => ping(database.handle)).request("/ready");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ready" });
  });

  it("is not ready when the database does not answer", async () => {
    const response = await appWith(async () => false).request("/ready");
    expect(response.status).toBe(503);
  });
});

describe("plans.list over HTTP", () => {
  it("returns the active catalog's plans in upgrade order with their modules and meters", async () => {
    const response = await appWith(() => ping(database.handle)).request("/trpc/plans.list");
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      result: {
        data: {
          plans: {
            id: string;
            modules: string[];
            meters: { meterId: string; allowance: unknown }[];
          }[];
        };
      };
    };
    const plans = body.result.data.plans;
    expect(plans.map((plan) => plan.id)).toEqual(["free", "lifestyle", "growth", "mastery"]);
    expect(plans.map((plan) => plan.modules.length)).toEqual([2, 12, 18, 31]);
    const mastery = plans.find((plan) => plan.id === "mastery");
    expect(mastery?.meters).toContainEqual(
      expect.objectContaining({ meterId: "ai_voice_seconds", allowance: "unlimited" }),
    );
  });

  it("answers an unknown procedure with NOT_FOUND and no stack trace", async () => {
    const response = await appWith(async () => true).request("/trpc/plans.nope");
    expect(response.status).toBe(404);
    const text = await response.text();
    expect(text).toContain("NOT_FOUND");
    expect(text).not.toContain("stack");
  });
});
