export { createStripeGateway, type StripeGatewayOptions } from "./create-stripe-gateway";
export {
  IDEMPOTENCY_KEY_PREFIX,
  idempotencyKey,
  isTallyIdempotencyKey,
  MAX_IDEMPOTENCY_KEY_LENGTH,
} from "./idempotency-keys";
export type {
  StripeGateway,
  StripeInvoiceItemSnapshot,
  StripeInvoiceSnapshot,
} from "./stripe-gateway";
