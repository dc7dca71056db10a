import type { ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import type { EventCause, StripeEvent } from "./events";
import { buildEvent } from "./events";
import { Faults } from "./faults";
import { defaultIdempotencyRetentionMs, IdempotencyStore } from "./idempotency";
import { newId } from "./ids";
import { RateLimiter } from "./rate-limiter";
import { handleRequest } from "./request-handler";
import type { RequestLogEntry } from "./request-log";
import { renderCustomer } from "./resources/customers";
import { findInvoiceItem, maxAmountCents, renderInvoiceItem } from "./resources/invoice-items";
import { failPaymentAttempt, findInvoice, payInvoice, renderInvoice } from "./resources/invoices";
import type { ExecutionContext } from "./route";
import { StandinStore } from "./state";
import type { SignOptions } from "./webhook-signature";
import { signPayload } from "./webhook-signature";
import type { DeliverEventsOptions, WebhookDelivery, WebhookEndpoint } from "./webhooks";
import { WebhookDeliverer } from "./webhooks";

export interface StripeStandinOptions {
  /** Port to listen on (default 0: any free port). */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** The secret key clients use (default: a fresh `sk_test_standin_...`). */
  apiKey?: string;
  /** Further keys that are accepted; idempotency keys are scoped per API key. */
  extraApiKeys?: readonly string[];
  /** Where events are POSTed, signed with `secret` (can also be set later with `webhooks.configure`). */
  webhook?: WebhookEndpoint;
  /** Answer 429 beyond this many requests in any one-second window (default: unlimited). */
  rateLimitPerSecond?: number;
  /** Epoch milliseconds; drives `created`, the rate limit window and key retention (default Date.now). */
  clock?: () => number;
  /** Invoice numbers are `<prefix>-0001`, `<prefix>-0002`, ... (default "TALLY"). */
  invoiceNumberPrefix?: string;
  /** `api_version` written into events (default: the installed SDK's). */
  apiVersion?: string;
  idempotencyRetentionMs?: number;
}

/** Plain snapshots of everything the stand-in holds, in creation order. */
export interface StandinStateSnapshot {
  customers: Array<ReturnType<typeof renderCustomer>>;
  invoices: Array<ReturnType<typeof renderInvoice>>;
  invoiceItems: Array<ReturnType<typeof renderInvoiceItem>>;
}

export type SubscriptionEventType =
  | "customer.subscription.updated"
  | "customer.subscription.deleted"
  | "customer.subscription.created";

export interface StripeStandin {
  /** `http://host:port` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly protocol: "http";
  readonly apiKey: string;
  /** A real SDK client for this stand-in (`maxNetworkRetries: 0` unless overridden). */
  stripe(options?: Stripe.StripeConfig & { apiKey?: string }): Stripe;
  readonly faults: Faults;
  state(): StandinStateSnapshot;
  /** Every API request, in arrival order (live array). */
  readonly requests: readonly RequestLogEntry[];
  /** Every event emitted, in order (live array). */
  readonly events: readonly StripeEvent[];
  readonly webhooks: WebhookDeliverer;
  readonly rateLimit: { readonly accepted: number; readonly limited: number };
  signPayload(body: string, options?: Partial<SignOptions>): string;
  redeliver(eventId: string): Promise<WebhookDelivery>;
  deliverEvents(
    eventIds: readonly string[],
    options?: DeliverEventsOptions,
  ): Promise<WebhookDelivery[]>;
  /** A failed collection attempt on an open invoice: it stays open; emits invoice.payment_failed. */
  failPayment(invoiceId: string): StripeEvent;
  /** The customer pays an open (or uncollectible) invoice out of band; emits invoice.paid. */
  payInvoice(invoiceId: string): StripeEvent;
  /** Emits a subscription event carrying `subscription` (given an `id` and `object` if missing). */
  emitSubscriptionEvent(
    type: SubscriptionEventType,
    subscription: Record<string, unknown>,
    previousAttributes?: Record<string, unknown>,
  ): StripeEvent;
  /** Emits any event type with any object (for event types the stand-in never makes itself). */
  emitEvent(type: string, object: Record<string, unknown>): StripeEvent;
  /** Tampering: removes an item even from a finalized invoice; emits nothing. */
  deleteInvoiceItem(id: string): void;
  /** Tampering: changes an item's amount even on a finalized invoice; emits nothing. */
  setInvoiceItemAmount(id: string, cents: number): void;
  /** Simulates Stripe's key retention passing: saved idempotent results are forgotten. */
  forgetIdempotencyKeys(): void;
  /** Clears state, keys, faults, logs, events, deliveries and rate-limit counters. */
  reset(): void;
  close(): Promise<void>;
}

export async function startStripeStandin(
  options: StripeStandinOptions = {},
): Promise<StripeStandin> {
  const clockMs = options.clock ?? Date.now;
  const clockSeconds = () => Math.floor(clockMs() / 1000);
  const apiKey = options.apiKey ?? `sk_test_standin_${newId("key").slice(4)}`;
  const validKeys = new Set([apiKey, ...(options.extraApiKeys ?? [])]);
  for (const key of validKeys) {
    if (!/^sk_test_[A-Za-z0-9_]{4,}$/.test(key)) {
      throw new Error(`API keys must look like sk_test_..., got ${key}`);
    }
  }
  const apiVersion = options.apiVersion ?? Stripe.API_VERSION;
  const numberPrefix = options.invoiceNumberPrefix ?? "TALLY";
  const store = new StandinStore();
  const faults = new Faults();
  const idempotency = new IdempotencyStore(
    clockMs,
    options.idempotencyRetentionMs ?? defaultIdempotencyRetentionMs,
  );
  const rateLimiter = new RateLimiter(options.rateLimitPerSecond, clockMs);
  const requests: RequestLogEntry[] = [];
  const events: StripeEvent[] = [];
  const webhooks = new WebhookDeliverer(
    (id) => events.find((event) => event.id === id),
    clockSeconds,
    options.webhook,
  );
  const held = new Set<{ timer: NodeJS.Timeout; response: ServerResponse }>();
  let baseUrl = "";

  const emit = (
    type: string,
    object: object,
    cause: EventCause,
    previousAttributes?: Record<string, unknown>,
  ): StripeEvent => {
    const event = buildEvent(type, object, clockSeconds(), apiVersion, cause, previousAttributes);
    events.push(event);
    webhooks.enqueue(event);
    return event;
  };

  const controlContext = (): ExecutionContext => ({
    store,
    now: clockSeconds,
    emit: (type, object, previousAttributes) => {
      emit(type, object, { requestId: null, idempotencyKey: null }, previousAttributes);
    },
    baseUrl,
    numberPrefix,
  });

  const server = createServer((request, response) => {
    handleRequest(
      {
        store,
        faults,
        idempotency,
        rateLimiter,
        requests,
        clockMs,
        isValidApiKey: (key) => validKeys.has(key),
        baseUrl: () => baseUrl,
        numberPrefix,
        emit,
        hold: (heldResponse, ms) => {
          const entry = {
            response: heldResponse,
            timer: setTimeout(() => {
              held.delete(entry);
              heldResponse.socket?.destroy();
            }, ms),
          };
          held.add(entry);
          heldResponse.socket?.once("close", () => {
            clearTimeout(entry.timer);
            held.delete(entry);
          });
        },
      },
      request,
      response,
    ).catch((error: unknown) => {
      // The handler answers every Stripe-style error itself; reaching here means the socket broke.
      if (!response.headersSent) {
        response.statusCode = 500;
        response.end(String(error));
      }
    });
  });

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host}:${port}`;

  const lastEvent = (): StripeEvent => {
    const event = events.at(-1);
    if (event === undefined) {
      throw new Error("expected an event to have been emitted");
    }
    return event;
  };

  return {
    url: baseUrl,
    host,
    port,
    protocol: "http",
    apiKey,
    stripe(config = {}) {
      const { apiKey: key, ...rest } = config;
      return new Stripe(key ?? apiKey, {
        host,
        port,
        protocol: "http",
        maxNetworkRetries: 0,
        ...rest,
      });
    },
    faults,
    state() {
      return {
        customers: [...store.customers.values()].map(renderCustomer),
        invoices: [...store.invoices.values()].map((invoice) =>
          renderInvoice(store, invoice, true),
        ),
        invoiceItems: [...store.invoiceItems.values()].map(renderInvoiceItem),
      };
    },
    requests,
    events,
    webhooks,
    get rateLimit() {
      return { accepted: rateLimiter.accepted, limited: rateLimiter.limited };
    },
    signPayload(body, signOptions = {}) {
      const secret = signOptions.secret ?? options.webhook?.secret;
      if (secret === undefined) {
        throw new Error("signPayload needs a secret (pass one, or configure a webhook)");
      }
      return signPayload(body, { secret, timestamp: signOptions.timestamp ?? clockSeconds() });
    },
    redeliver: (eventId) => webhooks.redeliver(eventId),
    deliverEvents: (eventIds, deliverOptions) => webhooks.deliverEvents(eventIds, deliverOptions),
    failPayment(invoiceId) {
      failPaymentAttempt(controlContext(), findInvoice(store, invoiceId));
      return lastEvent();
    },
    payInvoice(invoiceId) {
      payInvoice(controlContext(), findInvoice(store, invoiceId));
      return lastEvent();
    },
    emitSubscriptionEvent(type, subscription, previousAttributes) {
      const object = { object: "subscription", id: newId("sub"), ...subscription };
      return emit(type, object, { requestId: null, idempotencyKey: null }, previousAttributes);
    },
    emitEvent(type, object) {
      return emit(type, object, { requestId: null, idempotencyKey: null });
    },
    deleteInvoiceItem(id) {
      findInvoiceItem(store, id);
      store.removeItem(id);
    },
    setInvoiceItemAmount(id, cents) {
      if (!Number.isSafeInteger(cents) || Math.abs(cents) > maxAmountCents) {
        throw new Error(`cents must be an integer within ±${maxAmountCents}, got ${cents}`);
      }
      findInvoiceItem(store, id).amount = cents;
    },
    forgetIdempotencyKeys() {
      idempotency.forgetAll();
    },
    reset() {
      store.clear();
      idempotency.clear();
      faults.clear();
      faults.fired.length = 0;
      requests.length = 0;
      events.length = 0;
      webhooks.reset();
      rateLimiter.reset();
    },
    async close() {
      for (const entry of held) {
        clearTimeout(entry.timer);
        entry.response.socket?.destroy();
      }
      held.clear();
      webhooks.reset();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
