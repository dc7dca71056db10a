export {
  type HandleStripeWebhookInput,
  type HandleStripeWebhookResult,
  handleStripeWebhook,
} from "./handle-stripe-webhook";
