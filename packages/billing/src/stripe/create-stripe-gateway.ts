import type { JobsLogger } from "@tally/metering";
import Stripe from "stripe";
import { BillingError } from "../errors";
import { retryDelayMs } from "./retry-delay";
import { stripeErrorVerdict } from "./stripe-error-verdict";
import type {
  StripeGateway,
  StripeInvoiceItemSnapshot,
  StripeInvoiceSnapshot,
} from "./stripe-gateway";
import { createTokenBucket } from "./token-bucket";

export interface StripeGatewayOptions {
  secretKey: string;
  /** Where Stripe's API is, e.g. the stand-in's `http://127.0.0.1:4510`; Stripe's own by default. */
  apiBase?: string;
  /** This process's request budget; Stripe allows 100/s live and 25/s in test mode per account. */
  maxRequestsPerSecond: number;
  /** Attempts per request, the first included, before a retryable failure is given up. */
  maxAttempts?: number;
  /** How long one request may take before it counts as a lost connection and is retried. */
  timeoutMs?: number;
  /** The first retry waits up to this; each later one doubles it, up to `backoffMaxMs`. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  logger?: JobsLogger;
}

const DEFAULTS = { maxAttempts: 8, timeoutMs: 30_000, backoffBaseMs: 250, backoffMaxMs: 30_000 };
const PAGE_SIZE = 100;

const silentLogger: JobsLogger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * The one place Tally calls Stripe: a single SDK client with the SDK's own retries off, so that
 * every attempt goes through this process's pacer and every retry is decided here. Retries
 * resend the same idempotency key, so a request that did run is answered with its first result
 * instead of running twice.
 */
export function createStripeGateway(options: StripeGatewayOptions): StripeGateway {
  const settings = { ...DEFAULTS, ...withoutUndefined(options) };
  if (options.secretKey.trim() === "") {
    throw new BillingError("stripe_not_configured", "The Stripe secret key is empty");
  }
  if (!Number.isInteger(settings.maxAttempts) || settings.maxAttempts < 1) {
    throw new BillingError("invalid_input", "maxAttempts must be a whole number of at least 1", {
      maxAttempts: settings.maxAttempts,
    });
  }
  if (!Number.isInteger(settings.timeoutMs) || settings.timeoutMs < 1) {
    throw new BillingError("invalid_input", "timeoutMs must be a whole number of milliseconds", {
      timeoutMs: settings.timeoutMs,
    });
  }
  const logger = options.logger ?? silentLogger;
  // Evenly spaced, never in bursts: Stripe counts requests in a sliding second, so a burst of a
  // full second's allowance on top of the steady rate is answered with 429s (measured: 71% of
  // the allowed rate with bursts of 100, against the stand-in's sliding window).
  const bucket = createTokenBucket({ ratePerSecond: options.maxRequestsPerSecond, capacity: 1 });
  const stripe = new Stripe(options.secretKey, {
    ...apiLocation(options.apiBase),
    maxNetworkRetries: 0,
    timeout: settings.timeoutMs,
    telemetry: false,
  });

  async function send<T>(
    operation: string,
    idempotencyKey: string | null,
    request: () => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      await bucket.take();
      try {
        return await request();
      } catch (error) {
        const verdict = stripeErrorVerdict(error, Date.now());
        const context = { operation, idempotencyKey, attempt };
        if (verdict.kind === "retry") {
          if (attempt >= settings.maxAttempts) {
            logger.error({ ...context, reason: verdict.reason }, "Stripe request gave up");
            throw new Error(
              `Stripe ${operation} failed after ${attempt} attempts: ${verdict.reason}`,
              { cause: error },
            );
          }
          const delayMs = retryDelayMs({
            attempt,
            baseMs: settings.backoffBaseMs,
            maxMs: settings.backoffMaxMs,
            retryAfterMs: verdict.retryAfterMs,
            random: Math.random(),
          });
          logger.warn(
            { ...context, delayMs, retryAfterMs: verdict.retryAfterMs, reason: verdict.reason },
            "Stripe request will be retried",
          );
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          continue;
        }
        if (verdict.kind === "idempotency_conflict") {
          // Never swallowed: the same key with other parameters means the ledger row changed
          // after part of it reached Stripe, and money could be billed wrong either way.
          logger.error(
            { ...context, stripeMessage: verdict.message },
            "Stripe idempotency conflict",
          );
          throw new BillingError(
            "stripe_idempotency_conflict",
            `Stripe refused ${operation}: idempotency key ${idempotencyKey} was used before with other parameters (${verdict.message})`,
            { operation, idempotencyKey, stripeMessage: verdict.message },
          );
        }
        if (verdict.kind === "rejected") {
          logger.warn({ ...context, ...verdict.details }, "Stripe rejected a request");
          throw new BillingError(
            "stripe_rejected",
            `Stripe rejected ${operation}: ${verdict.message}`,
            { operation, idempotencyKey, ...verdict.details },
          );
        }
        throw error;
      }
    }
  }

  async function listAll<T extends { id: string }>(
    operation: string,
    page: (startingAfter: string | undefined) => Promise<{ data: T[]; has_more: boolean }>,
  ): Promise<T[]> {
    const all: T[] = [];
    let startingAfter: string | undefined;
    for (;;) {
      const result = await send(operation, null, () => page(startingAfter));
      all.push(...result.data);
      const last = result.data.at(-1);
      if (!result.has_more || !last) return all;
      startingAfter = last.id;
    }
  }

  return {
    async createCustomer({ accountId, name, idempotencyKey }) {
      const customer = await send("customers.create", idempotencyKey, () =>
        stripe.customers.create(
          { name, metadata: { tally_account_id: accountId } },
          { idempotencyKey },
        ),
      );
      return { id: customer.id };
    },

    async createInvoice({
      customerId,
      currency,
      daysUntilDue,
      description,
      metadata,
      idempotencyKey,
    }) {
      const invoice = await send("invoices.create", idempotencyKey, () =>
        stripe.invoices.create(
          {
            customer: customerId,
            currency,
            collection_method: "send_invoice",
            days_until_due: daysUntilDue,
            auto_advance: false,
            // Only the items Tally adds to this invoice, never pending items left on the customer.
            pending_invoice_items_behavior: "exclude",
            description,
            metadata: { ...metadata },
          },
          { idempotencyKey },
        ),
      );
      return invoiceSnapshot(invoice);
    },

    async findInvoiceByTallyId(customerId, tallyInvoiceId) {
      const invoices = await listAll("invoices.list", (startingAfter) =>
        stripe.invoices.list({
          customer: customerId,
          limit: PAGE_SIZE,
          ...(startingAfter ? { starting_after: startingAfter } : {}),
        }),
      );
      const found = invoices.find(
        (invoice) => invoice.metadata?.tally_invoice_id === tallyInvoiceId,
      );
      return found ? invoiceSnapshot(found) : null;
    },

    async retrieveInvoice(stripeInvoiceId) {
      try {
        const invoice = await send("invoices.retrieve", null, () =>
          stripe.invoices.retrieve(stripeInvoiceId),
        );
        return invoiceSnapshot(invoice);
      } catch (error) {
        if (error instanceof BillingError && error.details.statusCode === 404) return null;
        throw error;
      }
    },

    async listInvoiceItems(stripeInvoiceId) {
      const items = await listAll("invoiceItems.list", (startingAfter) =>
        stripe.invoiceItems.list({
          invoice: stripeInvoiceId,
          limit: PAGE_SIZE,
          ...(startingAfter ? { starting_after: startingAfter } : {}),
        }),
      );
      return items.map(invoiceItemSnapshot);
    },

    async createInvoiceItem(input) {
      const item = await send("invoiceItems.create", input.idempotencyKey, () =>
        stripe.invoiceItems.create(
          {
            customer: input.customerId,
            invoice: input.stripeInvoiceId,
            amount: input.amountCents,
            currency: input.currency,
            description: input.description,
            period: {
              start: Math.floor(input.period.start.getTime() / 1000),
              end: Math.floor(input.period.end.getTime() / 1000),
            },
            metadata: { ...input.metadata },
          },
          { idempotencyKey: input.idempotencyKey },
        ),
      );
      return invoiceItemSnapshot(item);
    },

    async finalizeInvoice(stripeInvoiceId, idempotencyKey) {
      const invoice = await send("invoices.finalizeInvoice", idempotencyKey, () =>
        stripe.invoices.finalizeInvoice(
          stripeInvoiceId,
          { auto_advance: false },
          { idempotencyKey },
        ),
      );
      return invoiceSnapshot(invoice);
    },
  };
}

/** The SDK's host, port and protocol for an API base URL; Stripe's own API when there is none. */
function apiLocation(apiBase: string | undefined): {
  host?: string;
  port?: number;
  protocol?: "http" | "https";
} {
  if (apiBase === undefined) return {};
  let url: URL;
  try {
    url = new URL(apiBase);
  } catch {
    throw new BillingError("invalid_input", `The Stripe API base is not a URL: ${apiBase}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new BillingError(
      "invalid_input",
      `The Stripe API base must be http or https: ${apiBase}`,
    );
  }
  const protocol = url.protocol === "http:" ? "http" : "https";
  const port = url.port === "" ? (protocol === "http" ? 80 : 443) : Number(url.port);
  return { host: url.hostname, port, protocol };
}

function invoiceSnapshot(invoice: Stripe.Invoice): StripeInvoiceSnapshot {
  return {
    id: invoice.id,
    customerId: idOf(invoice.customer),
    status: invoice.status,
    totalCents: invoice.total,
    currency: invoice.currency,
    number: invoice.number,
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    metadata: { ...invoice.metadata },
  };
}

function invoiceItemSnapshot(item: Stripe.InvoiceItem): StripeInvoiceItemSnapshot {
  return {
    id: item.id,
    stripeInvoiceId: idOf(item.invoice),
    amountCents: item.amount,
    currency: item.currency,
    description: item.description,
    metadata: { ...item.metadata },
  };
}

function idOf(value: string | { id?: string } | null): string | null {
  if (value === null) return null;
  if (typeof value === "string") return value;
  return value.id ?? null;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>;
}
