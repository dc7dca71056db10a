import { subscriptions, usageAlerts } from "@tally/db";
import {
  createTestPglite,
  insertAccount,
  PGLITE_TIMEOUT_MS,
  type TestPglite,
} from "@tally/db/testing";
import { membership } from "@tally/tier-config";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertSubscription } from "../subscriptions/test-fixtures";
import { startJobs } from "./start-jobs";
import { eventually } from "./test-eventually";
import { recordingLogger } from "./test-logger";
import { startWebhookReceiver } from "./test-webhook-receiver";
import { verifyWebhookSignature } from "./webhook-signature";

describe("jobs on the embedded database (PGlite)", { timeout: PGLITE_TIMEOUT_MS }, () => {
  let embedded: TestPglite;

  beforeAll(async () => {
    embedded = await createTestPglite();
  }, PGLITE_TIMEOUT_MS);

  afterAll(() => embedded.drop());

  it("run pg-boss inside PGlite: transitions are applied and a retried alert is delivered", async () => {
    const { db } = embedded;
    const receiver = await startWebhookReceiver([500]);
    const secret = "whsec_embedded";
    const account = await insertAccount(db, { webhookUrl: receiver.url, webhookSecret: secret });
    const [alert] = await db
      .insert(usageAlerts)
      .values({
        accountId: account.id,
        meterId: "reports",
        periodStart: new Date("2025-01-01T00:00:00Z"),
        kind: "usage_threshold",
        thresholdPercent: 100,
        usedAtTrigger: 50,
        allowanceAtTrigger: 50,
      })
      .returning();
    if (!alert) throw new Error("no alert");
    const due = await insertSubscription(db, {
      planId: "elite",
      status: "active",
      billingInterval: "month",
      billingAnchor: new Date("2020-01-31T00:00:00Z"),
      currentPeriodStart: new Date("2020-01-31T00:00:00Z"),
      currentPeriodEnd: new Date("2020-02-29T00:00:00Z"),
      scheduledPlanId: "pro",
      scheduledChangeAt: new Date("2020-02-29T00:00:00Z"),
    });
    const logger = recordingLogger();
    const jobs = await startJobs({
      db,
      catalog: membership,
      connection: { pglite: embedded.client },
      logger,
      pollingIntervalSeconds: 0.5,
      alertDelivery: { retryDelaySeconds: 1, timeoutMs: 2000 },
    });
    try {
      const deliveredAt = await eventually(async () => {
        const [row] = await db.select().from(usageAlerts).where(eq(usageAlerts.id, alert.id));
        return row?.deliveredAt ?? undefined;
      });
      const delivered = receiver.received.at(-1);
      const header = delivered?.headers["tally-signature"];
      expect(receiver.received.map((request) => request.status)).toEqual([500, 200]);
      expect(typeof header === "string" && delivered !== undefined).toBe(true);
      if (typeof header === "string" && delivered) {
        expect(verifyWebhookSignature(secret, delivered.body, header, { now: deliveredAt })).toBe(
          true,
        );
      }

      const [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, due.id));
      expect(row).toMatchObject({ planId: "pro", scheduledPlanId: null });
      expect(row?.currentPeriodEnd.getTime()).toBeGreaterThan(Date.now());
      expect(logger.lines.filter((line) => line.level === "error")).toEqual([]);
    } finally {
      await jobs.stop();
      await receiver.close();
    }
  });
});
