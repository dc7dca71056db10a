import type { Database } from "@tally/db";
import type { AnyCatalog } from "@tally/tier-config";
import PgBoss from "pg-boss";
import { createQueues } from "./create-queues";
import { deliverAlert } from "./deliver-alert";
import type { JobsLogger } from "./jobs-logger";
import { type PgliteClient, pgBossExecutorFor } from "./pglite-executor";
import { runDueTransitions } from "./run-due-transitions";
import { undeliveredAlertIds } from "./undelivered-alerts";

/** Where pg-boss keeps its queue: a PostgreSQL server it connects to, or the embedded database. */
export type JobsConnection = { url: string } | { pglite: PgliteClient };

export interface StartJobsOptions {
  db: Database;
  catalog: AnyCatalog;
  connection: JobsConnection;
  logger: JobsLogger;
  /** The clock the jobs act at; tests move it. */
  now?: () => Date;
  /** How often each worker polls for jobs; pg-boss's default is 2 seconds, its minimum 0.5. */
  pollingIntervalSeconds?: number;
  transitionsBatchSize?: number;
  alertDelivery?: AlertDeliveryOptions;
  /**
   * Adds another package's queues and workers (billing's close and push) to this pg-boss, so one
   * connection pool and one `stop` serve all the background work. Called once the boss has
   * started; a failure stops it and fails the start.
   */
  register?: (boss: PgBoss) => Promise<void>;
}

export interface AlertDeliveryOptions {
  /** Attempts after the first before an alert waits for the next sweep to be queued again. */
  retryLimit?: number;
  /** The first retry's delay; each later one doubles it (with jitter). */
  retryDelaySeconds?: number;
  /** How long a receiver may take to answer. */
  timeoutMs?: number;
}

export interface Jobs {
  /** Stops taking jobs, waits for running ones, and disconnects pg-boss. */
  stop(): Promise<void>;
}

/** The queues; pg-boss creates a table partition per name. */
const QUEUES = {
  transitions: "transitions",
  alertSweep: "alert-sweep",
  alertDelivery: "alert-delivery",
} as const;

const EVERY_MINUTE = "* * * * *";
const ALERTS_PER_SWEEP = 500;
const DELIVERY_DEFAULTS = { retryLimit: 8, retryDelaySeconds: 30, timeoutMs: 10_000 };

/**
 * Starts this process's share of the background work on pg-boss. Any number of processes may
 * run it against one database: pg-boss hands each job to one worker, the transitions claim
 * subscriptions with SKIP LOCKED, and each alert has one delivery job (its id is the alert's).
 *
 * - `transitions`, every minute: applyDueTransitions until nothing is due.
 * - `alert-sweep`, every minute: queues an `alert-delivery` job for each undelivered alert of an
 *   account with a webhook.
 * - `alert-delivery`: one signed POST; pg-boss retries failures with exponential backoff.
 *
 * Both sweeps also run once at start, so a process that was down catches up at once.
 */
export async function startJobs(options: StartJobsOptions): Promise<Jobs> {
  const { db, catalog, logger } = options;
  const now = options.now ?? (() => new Date());
  const batchSize = options.transitionsBatchSize ?? 200;
  const delivery = { ...DELIVERY_DEFAULTS, ...options.alertDelivery };
  const work = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };

  const boss = new PgBoss(
    "url" in options.connection
      ? { connectionString: options.connection.url, max: 4 }
      : { db: pgBossExecutorFor(options.connection.pglite) },
  );
  // Without a listener, an error event (a lost connection) would crash the process.
  boss.on("error", (error) => logger.error({ err: error }, "job queue error"));
  await boss.start();
  try {
    await createQueues(boss, [
      // "stately": at most one queued and one running, so a slow run never piles up a backlog.
      { name: QUEUES.transitions, policy: "stately" },
      { name: QUEUES.alertSweep, policy: "stately" },
      { name: QUEUES.alertDelivery },
    ]);

    await boss.work(QUEUES.transitions, work, () =>
      runDueTransitions({ db, catalog, logger, now, batchSize }),
    );

    await boss.work(QUEUES.alertSweep, work, async () => {
      const alertIds = await undeliveredAlertIds(db, { limit: ALERTS_PER_SWEEP });
      // The job id is the alert id, so an alert already queued (by another worker's sweep, or
      // still retrying) is not queued twice: pg-boss skips ids it already has.
      await boss.insert(
        alertIds.map((alertId) => ({
          id: alertId,
          name: QUEUES.alertDelivery,
          data: { alertId },
          retryLimit: delivery.retryLimit,
          retryDelay: delivery.retryDelaySeconds,
          retryBackoff: true,
        })),
      );
    });

    await boss.work<{ alertId: string }>(QUEUES.alertDelivery, work, async ([job]) => {
      if (!job) return;
      const { alertId } = job.data;
      try {
        const outcome = await deliverAlert(db, {
          alertId,
          now: now(),
          timeoutMs: delivery.timeoutMs,
        });
        logger.info({ job: QUEUES.alertDelivery, alertId, outcome }, "alert webhook");
      } catch (error) {
        logger.warn({ job: QUEUES.alertDelivery, alertId, err: error }, "alert webhook failed");
        // Rethrown so pg-boss records the failure and schedules the retry.
        throw error;
      }
    });

    await options.register?.(boss);

    await boss.schedule(QUEUES.transitions, EVERY_MINUTE);
    await boss.schedule(QUEUES.alertSweep, EVERY_MINUTE);
    await boss.send(QUEUES.transitions, {});
    await boss.send(QUEUES.alertSweep, {});
  } catch (error) {
    // A half-started queue would keep polling and hold connections; nobody could stop it.
    await boss.stop({ graceful: false });
    throw error;
  }

  return {
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 30_000 }),
  };
}
