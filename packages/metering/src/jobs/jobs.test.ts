import { type Database, subscriptions, usageAlerts } from "@tally/db";
import { openDatabase } from "@tally/db/client";
import { createTestDatabase, insertAccount, type TestDatabase } from "@tally/db/testing";
import { membership } from "@tally/tier-config";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertSubscription } from "../subscriptions/test-fixtures";
import type { AlertWebhookBody } from "./alert-webhook-body";
import { type Jobs, startJobs } from "./start-jobs";
import { eventually } from "./test-eventually";
import { recordingLogger } from "./test-logger";
import { startWebhookReceiver } from "./test-webhook-receiver";
import { verifyWebhookSignature } from "./webhook-signature";

let test: TestDatabase;
let db: Database;
beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
});
afterAll(() => test.drop());

const FAST = {
  pollingIntervalSeconds: 0.5,
  alertDelivery: { retryDelaySeconds: 1, timeoutMs: 2000 },
};

describe("jobs on PostgreSQL, two workers", { timeout: 60_000 }, () => {
  const logger = recordingLogger();
  let workers: Jobs[] = [];
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
  });

  it("deliver an alert once, signed, after the receiver failed twice, and apply due transitions", async () => {
    const receiver = await startWebhookReceiver([500, 503]);
    try {
      const secret = "whsec_jobs_test";
      const account = await insertAccount(db, { webhookUrl: receiver.url, webhookSecret: secret });
      const [alert] = await db
        .insert(usageAlerts)
        .values({
          accountId: account.id,
          meterId: "ai_voice_seconds",
          periodStart: new Date("2025-01-10T09:00:00Z"),
          kind: "usage_threshold",
          thresholdPercent: 80,
          usedAtTrigger: 5760,
          allowanceAtTrigger: 7200,
        })
        .returning();
      if (!alert) throw new Error("no alert");
      // An account without a webhook gets nothing posted.
      const quiet = await insertAccount(db);
      const [quietAlert] = await db
        .insert(usageAlerts)
        .values({
          accountId: quiet.id,
          meterId: "ai_voice_seconds",
          periodStart: new Date("2025-01-10T09:00:00Z"),
          kind: "overage_started",
          usedAtTrigger: 7201,
          allowanceAtTrigger: 7200,
        })
        .returning();
      if (!quietAlert) throw new Error("no alert");
      const due = await insertSubscription(db, {
        planId: "pro",
        status: "active",
        billingInterval: "month",
        billingAnchor: new Date("2020-01-01T00:00:00Z"),
        currentPeriodStart: new Date("2020-01-01T00:00:00Z"),
        currentPeriodEnd: new Date("2020-02-01T00:00:00Z"),
        cancelAtPeriodEnd: true,
      });

      // Two worker processes: each its own database pool and its own pg-boss.
      workers = await Promise.all(
        [1, 2].map(async () => {
          const own = await openDatabase({ url: test.url, max: 2 });
          const jobs = await startJobs({
            db: own.db,
            catalog: membership,
            connection: { url: test.url },
            logger,
            ...FAST,
          });
          return {
            stop: async () => {
              await jobs.stop();
              await own.close();
            },
          };
        }),
      );

      const deliveredAt = await eventually(async () => {
        const [row] = await db.select().from(usageAlerts).where(eq(usageAlerts.id, alert.id));
        return row?.deliveredAt ?? undefined;
      });
      expect(receiver.received.map((request) => request.status)).toEqual([500, 503, 200]);

      const delivered = receiver.received[2];
      const header = delivered?.headers["tally-signature"];
      expect(typeof header).toBe("string");
      if (!delivered || typeof header !== "string") return;
      expect(verifyWebhookSignature(secret, delivered.body, header, { now: deliveredAt })).toBe(
        true,
      );
      const expected: AlertWebhookBody = {
        id: alert.id,
        accountId: account.id,
        invoiceId: null,
        meterId: "ai_voice_seconds",
        kind: "usage_threshold",
        thresholdPercent: 80,
        used: 5760,
        allowance: 7200,
        periodStart: "2025-01-10T09:00:00.000Z",
        createdAt: alert.createdAt.toISOString(),
      };
      expect(JSON.parse(delivered.body)).toEqual(expected);

      const [transitioned] = await db
        .select()
        .from(subscriptions)
        .where(eq(subscriptions.id, due.id));
      expect(transitioned).toMatchObject({ planId: "member", cancelAtPeriodEnd: false });

      // Neither worker posts it again once it is delivered.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(receiver.received).toHaveLength(3);
      const [quietRow] = await db
        .select()
        .from(usageAlerts)
        .where(eq(usageAlerts.id, quietAlert.id));
      expect(quietRow?.deliveredAt).toBeNull();
      const failures = logger.lines.filter((line) => line.message === "alert webhook failed");
      expect(failures).toHaveLength(2);
      expect(logger.lines.filter((line) => line.level === "error")).toEqual([]);
    } finally {
      await receiver.close();
    }
  });
});
