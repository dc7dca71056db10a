import type { ParamReader } from "./params";
import type { StandinStore } from "./state";

export type HttpMethod = "GET" | "POST" | "DELETE";

/** What a handler may touch while executing: the state, the clock and the event stream. */
export interface ExecutionContext {
  store: StandinStore;
  /** Unix seconds. */
  now(): number;
  /** Records a Stripe event for a state change (and queues it for webhook delivery). */
  emit(type: string, object: object, previousAttributes?: Record<string, unknown>): void;
  /** `http://host:port`, for hosted invoice URLs. */
  baseUrl: string;
  numberPrefix: string;
}

export interface Outcome {
  status: number;
  body: unknown;
}

/** The execution phase of a request: reads and changes state; its errors are saved for replay. */
export type Execute = (context: ExecutionContext) => Outcome;

export interface RouteDefinition {
  method: HttpMethod;
  /** A path pattern with `:name` segments, e.g. `/v1/invoices/:id/finalize`. */
  path: string;
  /**
   * The validation phase: reads every parameter (unread ones are refused afterwards) without
   * touching state, and returns the execution. Errors thrown here are never saved.
   */
  prepare(params: ParamReader, pathParams: Record<string, string>): Execute;
}

export function ok(body: unknown): Outcome {
  return { status: 200, body };
}
