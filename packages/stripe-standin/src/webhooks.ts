import type { StripeEvent } from "./events";
import { signPayload } from "./webhook-signature";

export interface WebhookEndpoint {
  url: string;
  secret: string;
  /** Event types to send (default: all). */
  enabledEvents?: readonly string[];
}

export interface WebhookDelivery {
  eventId: string;
  type: string;
  /** 1 for the first delivery of this event, 2 for the next, ... */
  attempt: number;
  /** The endpoint's HTTP status, or null when the request itself failed. */
  status: number | null;
  error: string | null;
  /** The exact bytes sent and the header that signs them. */
  body: string;
  signature: string;
  atMs: number;
}

export type DeliveryOrder = "as_given" | "reverse" | "shuffle";

export interface DeliverEventsOptions {
  order?: DeliveryOrder;
  /** Seed for `shuffle` (default: random). */
  seed?: number;
}

const deliveryTimeoutMs = 10_000;

/**
 * Posts events to one endpoint, signed like Stripe, one at a time in emission order. Tests can
 * hold the queue (`pause`), send it (`resume`, `flush`), and send chosen events again or out of
 * order (`deliverEvents`, `redeliver`). Failed deliveries are recorded, not retried.
 */
export class WebhookDeliverer {
  private endpoint: WebhookEndpoint | undefined;
  private readonly queue: StripeEvent[] = [];
  private isPaused = false;
  private pumping: Promise<void> | undefined;
  private readonly attempts = new Map<string, number>();
  private readonly inFlight = new Set<AbortController>();
  /** Every delivery attempt, in order. */
  readonly deliveries: WebhookDelivery[] = [];

  constructor(
    private readonly findEvent: (id: string) => StripeEvent | undefined,
    private readonly clockSeconds: () => number,
    endpoint?: WebhookEndpoint,
  ) {
    this.endpoint = endpoint;
  }

  /** Sets (or with null removes) the endpoint; events emitted while none is set are not queued. */
  configure(endpoint: WebhookEndpoint | null): void {
    this.endpoint = endpoint ?? undefined;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** Ids of events waiting to be sent. */
  pending(): string[] {
    return this.queue.map((event) => event.id);
  }

  enqueue(event: StripeEvent): void {
    const endpoint = this.endpoint;
    if (endpoint === undefined) {
      return;
    }
    if (endpoint.enabledEvents !== undefined && !endpoint.enabledEvents.includes(event.type)) {
      return;
    }
    this.queue.push(event);
    if (!this.isPaused) {
      this.pump();
    }
  }

  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    this.isPaused = false;
    this.pump();
  }

  /** Sends everything queued (even while paused) and resolves once nothing is in flight. */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.pumping !== undefined) {
      await this.pump(true);
    }
  }

  /** Sends one event now, outside the queue (a duplicate if it was sent before). */
  async redeliver(eventId: string): Promise<WebhookDelivery> {
    const event = this.findEvent(eventId);
    if (event === undefined) {
      throw new Error(`Unknown event ${eventId}`);
    }
    return this.send(event);
  }

  /** Sends the given events now, one after another, in the chosen order; ids may repeat. */
  async deliverEvents(
    eventIds: readonly string[],
    options: DeliverEventsOptions = {},
  ): Promise<WebhookDelivery[]> {
    const ordered = orderIds(eventIds, options);
    const results: WebhookDelivery[] = [];
    for (const id of ordered) {
      results.push(await this.redeliver(id));
    }
    return results;
  }

  /** Drops the queue and history and aborts deliveries in flight. */
  reset(): void {
    this.queue.length = 0;
    this.deliveries.length = 0;
    this.attempts.clear();
    for (const controller of this.inFlight) {
      controller.abort();
    }
  }

  private pump(evenIfPaused = false): Promise<void> {
    if (this.pumping !== undefined) {
      return this.pumping;
    }
    const run = async () => {
      while (this.queue.length > 0 && (evenIfPaused || !this.isPaused)) {
        const event = this.queue.shift();
        if (event !== undefined) {
          await this.send(event);
        }
      }
    };
    this.pumping = run().finally(() => {
      this.pumping = undefined;
    });
    return this.pumping;
  }

  private async send(event: StripeEvent): Promise<WebhookDelivery> {
    const endpoint = this.endpoint;
    if (endpoint === undefined) {
      throw new Error("No webhook endpoint is configured (startStripeStandin({ webhook }))");
    }
    // Stripe sends pretty-printed JSON; a receiver that re-serialises before verifying fails.
    const body = JSON.stringify(event, null, 2);
    const signature = signPayload(body, {
      secret: endpoint.secret,
      timestamp: this.clockSeconds(),
    });
    const attempt = (this.attempts.get(event.id) ?? 0) + 1;
    this.attempts.set(event.id, attempt);
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(), deliveryTimeoutMs);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(endpoint.url, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "stripe-signature": signature,
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        },
        body,
        signal: controller.signal,
      });
      status = response.status;
      await response.arrayBuffer();
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
    const delivery: WebhookDelivery = {
      eventId: event.id,
      type: event.type,
      attempt,
      status,
      error,
      body,
      signature,
      atMs: Date.now(),
    };
    this.deliveries.push(delivery);
    return delivery;
  }
}

function orderIds(ids: readonly string[], options: DeliverEventsOptions): string[] {
  const order = options.order ?? "as_given";
  if (order === "as_given") {
    return [...ids];
  }
  if (order === "reverse") {
    return [...ids].reverse();
  }
  const shuffled = [...ids];
  let state = (options.seed ?? Math.floor(Math.random() * 2 ** 31)) >>> 0;
  const next = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 4_294_967_296;
  };
  for (let index = shuffled.length - 1; index > 0; index -= 1) {
    const swap = Math.floor(next() * (index + 1));
    const current = shuffled[index] ?? "";
    shuffled[index] = shuffled[swap] ?? "";
    shuffled[swap] = current;
  }
  return shuffled;
}
