import { type Database, invoices } from "@tally/db";
import { createQueues, type JobsLogger } from "@tally/metering";
import type { AnyCatalog } from "@tally/tier-config";
import { asc, eq } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { closeDuePeriods } from "../close/close-due-periods";
import { isBillingError } from "../errors";
import { pushInvoice } from "../push/push-invoice";
import type { StripeGateway } from "../stripe/stripe-gateway";

export interface BillingJobsOptions {
  db: Database;
  catalog: AnyCatalog;
  logger: JobsLogger;
  /** Null when Stripe is not configured: periods still close, and their invoices wait unsent. */
  gateway: StripeGateway | null;
  /** The clock the jobs act at; tests move it. */
  now?: () => Date;
  /** How often each worker polls; pg-boss's default is 2 seconds, its minimum 0.5. */
  pollingIntervalSeconds?: number;
  /** How long after a period's end it is closed (see closeDuePeriods). */
  settleSeconds?: number;
  /** Push jobs queued per sweep at most; the rest are queued by the next sweep. */
  pushesPerSweep?: number;
  /**
   * Invoices this process pushes at once. The request rate is the gateway's
   * `maxRequestsPerSecond`, whatever this is.
   */
  pushConcurrency?: number;
  /** Retries of a push that failed for a passing reason (Stripe down), with doubling delays. */
  pushRetryLimit?: number;
  pushRetryDelaySeconds?: number;
  daysUntilDue?: number;
}

/** The queues billing adds; pg-boss creates a table partition per name. */
export const BILLING_QUEUES = {
  close: "billing-close",
  push: "billing-push",
} as const;

const EVERY_MINUTE = "* * * * *";
const DEFAULTS = {
  pollingIntervalSeconds: 2,
  pushesPerSweep: 1000,
  pushConcurrency: 2,
  pushRetryLimit: 8,
  pushRetryDelaySeconds: 30,
};

/**
 * Billing's background work, on the boss `startJobs` started (pass this as its `register`):
 *
 * - `billing-close`, every minute and once at start: closes every due period, then (when Stripe
 *   is configured) queues one `billing-push` job per draft invoice. "Stately": one queued and one
 *   running at most, so a slow sweep never piles up.
 * - `billing-push`: pushes one invoice. Jobs are keyed by invoice id on a "short" queue, so an
 *   invoice is queued at most once however many sweeps or processes see it; a push that fails
 *   for a passing reason is retried with doubling delays, and one Stripe refused is parked as
 *   `attention` and not retried. Two pushes of one invoice running at once (a retry overlapping
 *   a fresh job) send the same idempotency keys, so they make the same Stripe objects.
 */
export async function registerBillingJobs(
  boss: PgBoss,
  options: BillingJobsOptions,
): Promise<void> {
  const { db, catalog, logger, gateway } = options;
  const settings = { ...DEFAULTS, ...definedOnly(options) };
  const now = options.now ?? (() => new Date());
  const work = { pollingIntervalSeconds: settings.pollingIntervalSeconds };

  await createQueues(boss, [
    { name: BILLING_QUEUES.close, policy: "stately" },
    { name: BILLING_QUEUES.push, policy: "short" },
  ]);

  await boss.work(BILLING_QUEUES.close, work, async () => {
    const closed = await closeDuePeriods(db, catalog, {
      now: now(),
      ...(options.settleSeconds === undefined ? {} : { settleSeconds: options.settleSeconds }),
    });
    if (closed.closed.length > 0 || closed.failed.length > 0) {
      logger.info(
        { job: BILLING_QUEUES.close, closed: closed.closed.length, due: closed.due },
        "closed billing periods",
      );
    }
    for (const failure of closed.failed) {
      logger.error({ job: BILLING_QUEUES.close, ...failure }, "could not close a billing period");
    }
    if (!gateway) return;
    const drafts = await db
      .select({ id: invoices.id })
      .from(invoices)
      .where(eq(invoices.status, "draft"))
      .orderBy(asc(invoices.periodEnd), asc(invoices.id))
      .limit(settings.pushesPerSweep);
    await boss.insert(
      drafts.map(({ id }) => ({
        name: BILLING_QUEUES.push,
        data: { invoiceId: id },
        singletonKey: id,
        retryLimit: settings.pushRetryLimit,
        retryDelay: settings.pushRetryDelaySeconds,
        retryBackoff: true,
      })),
    );
  });

  if (gateway) {
    for (let worker = 0; worker < settings.pushConcurrency; worker += 1) {
      await boss.work<{ invoiceId: string }>(BILLING_QUEUES.push, work, async ([job]) => {
        if (!job) return;
        const { invoiceId } = job.data;
        try {
          const result = await pushInvoice(db, gateway, {
            invoiceId,
            now: now(),
            logger,
            ...(options.daysUntilDue === undefined ? {} : { daysUntilDue: options.daysUntilDue }),
          });
          logger.info({ job: BILLING_QUEUES.push, invoiceId, outcome: result.outcome }, "push");
        } catch (error) {
          // Parked for an operator and already logged loudly: retrying would only repeat it.
          if (
            isBillingError(error, "stripe_idempotency_conflict") ||
            isBillingError(error, "stripe_rejected")
          ) {
            return;
          }
          logger.warn({ job: BILLING_QUEUES.push, invoiceId, err: error }, "push failed; retrying");
          throw error;
        }
      });
    }
  }

  await boss.schedule(BILLING_QUEUES.close, EVERY_MINUTE);
  await boss.send(BILLING_QUEUES.close, {});
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>;
}
