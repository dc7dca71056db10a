export type { StripeErrorBody, StripeErrorType } from "./errors";
export type { StripeEvent } from "./events";
export type {
  FaultKind,
  FaultMatch,
  FaultOptions,
  FaultRule,
  Faults,
  FiredFault,
  InjectedFault,
  RandomFaults,
} from "./faults";
export type { RequestLogEntry } from "./request-log";
export type {
  StandinStateSnapshot,
  StripeStandin,
  StripeStandinOptions,
  SubscriptionEventType,
} from "./server";
export { startStripeStandin } from "./server";
export type { SignOptions } from "./webhook-signature";
export { signPayload } from "./webhook-signature";
export type {
  DeliverEventsOptions,
  DeliveryOrder,
  WebhookDeliverer,
  WebhookDelivery,
  WebhookEndpoint,
} from "./webhooks";
