export {
  BILLING_QUEUES,
  type BillingJobsOptions,
  registerBillingJobs,
} from "./register-billing-jobs";
