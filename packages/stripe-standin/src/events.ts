import { newId } from "./ids";

export interface StripeEvent {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  /** The API request that caused the event (null for events made by control methods). */
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface EventCause {
  requestId: string | null;
  idempotencyKey: string | null;
}

/** Builds an event around a snapshot of the object, so later changes never alter it. */
export function buildEvent(
  type: string,
  object: object,
  created: number,
  apiVersion: string,
  cause: EventCause,
  previousAttributes?: Record<string, unknown>,
): StripeEvent {
  return {
    id: newId("evt"),
    object: "event",
    api_version: apiVersion,
    created,
    data: {
      object: structuredClone(object) as Record<string, unknown>,
      ...(previousAttributes === undefined ? {} : { previous_attributes: previousAttributes }),
    },
    livemode: false,
    pending_webhooks: 1,
    request: { id: cause.requestId, idempotency_key: cause.idempotencyKey },
    type,
  };
}
