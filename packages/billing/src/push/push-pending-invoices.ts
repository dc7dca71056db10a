import { type Database, type Invoice, invoices } from "@tally/db";
import type { JobsLogger } from "@tally/metering";
import { asc, eq } from "drizzle-orm";
import { BillingError, isBillingError } from "../errors";
import type { StripeGateway } from "../stripe/stripe-gateway";
import { pushInvoice } from "./push-invoice";

export interface PushPendingInvoicesInput {
  now: Date;
  /** At most this many invoices, oldest period first. */
  limit: number;
  /** Invoices pushed at once; the gateway's pacer keeps the request rate whatever this is. */
  concurrency?: number;
  daysUntilDue?: number;
  logger?: JobsLogger;
}

export interface PushFailure {
  invoiceId: string;
  accountId: string;
  totalCents: number;
  error: string;
}

export interface PushPendingInvoicesResult {
  /** Draft invoices looked at. */
  selected: number;
  /** Finalized in Stripe by this run. */
  sent: Invoice[];
  /** Parked for an operator: Stripe refused them, or Stripe and the ledger disagree. */
  attention: PushFailure[];
  /** Not finished for a passing reason (Stripe down, a lost connection): still draft, retried. */
  failed: PushFailure[];
  /** Pushed or parked by someone else meanwhile. */
  unchanged: number;
}

const DEFAULT_CONCURRENCY = 4;

/**
 * Pushes the draft invoices (closed, not yet in Stripe), oldest first. One invoice's failure never
 * stops the others: it is reported in `attention` (parked, needs a person) or `failed` (still
 * draft; the next run retries it).
 */
export async function pushPendingInvoices(
  db: Database,
  gateway: StripeGateway,
  input: PushPendingInvoicesInput,
): Promise<PushPendingInvoicesResult> {
  const { now, limit } = input;
  const concurrency = input.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new BillingError("invalid_input", "limit must be a whole number of at least 1", {
      limit,
    });
  }
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new BillingError("invalid_input", "concurrency must be a whole number of at least 1", {
      concurrency,
    });
  }
  const pending = await db
    .select()
    .from(invoices)
    .where(eq(invoices.status, "draft"))
    .orderBy(asc(invoices.periodEnd), asc(invoices.id))
    .limit(limit);

  const result: PushPendingInvoicesResult = {
    selected: pending.length,
    sent: [],
    attention: [],
    failed: [],
    unchanged: 0,
  };
  // The oldest are chosen, but pushed in random order, so several processes running this at once
  // mostly take different invoices instead of all racing for the same ones (which would be safe,
  // only wasteful: they would send the same keys and get the same objects).
  const order = shuffled(pending);
  let next = 0;
  async function worker(): Promise<void> {
    for (let invoice = order[next++]; invoice; invoice = order[next++]) {
      const failure = (error: unknown): PushFailure => ({
        invoiceId: invoice.id,
        accountId: invoice.accountId,
        totalCents: invoice.totalCents,
        error: error instanceof Error ? error.message : String(error),
      });
      try {
        const pushed = await pushInvoice(db, gateway, {
          invoiceId: invoice.id,
          now,
          daysUntilDue: input.daysUntilDue,
          logger: input.logger,
        });
        if (pushed.outcome === "sent") result.sent.push(pushed.invoice);
        else if (pushed.outcome === "attention") {
          result.attention.push(failure(new Error(pushed.invoice.lastError ?? "needs attention")));
        } else result.unchanged += 1;
      } catch (error) {
        if (
          isBillingError(error, "stripe_idempotency_conflict") ||
          isBillingError(error, "stripe_rejected")
        ) {
          result.attention.push(failure(error));
        } else {
          input.logger?.warn(
            { invoiceId: invoice.id, err: error },
            "invoice not pushed; the next run retries it",
          );
          result.failed.push(failure(error));
        }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, pending.length) }, worker));
  return result;
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    const swap = copy[index] as T;
    copy[index] = copy[other] as T;
    copy[other] = swap;
  }
  return copy;
}
