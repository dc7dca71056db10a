export type { AlertWebhookBody } from "./alert-webhook-body";
export { createQueues } from "./create-queues";
export type { JobsLogger } from "./jobs-logger";
export type { PgliteClient } from "./pglite-executor";
export {
  type AlertDeliveryOptions,
  type Jobs,
  type JobsConnection,
  type StartJobsOptions,
  startJobs,
} from "./start-jobs";
export {
  signWebhookPayload,
  type VerifyWebhookOptions,
  verifyWebhookSignature,
} from "./webhook-signature";
