export {
  type ApplyDueTransitionsInput,
  type ApplyDueTransitionsResult,
  applyDueTransitions,
} from "./apply-due-transitions";
export { type AssignPlanInput, assignPlan } from "./assign-plan";
export {
  type CancelSubscriptionInput,
  type CancelSubscriptionResult,
  cancelSubscription,
} from "./cancel-subscription";
export { type ChangePlanInput, type ChangePlanResult, changePlan } from "./change-plan";
export { type ClearLimitOverrideInput, clearLimitOverride } from "./clear-limit-override";
export { type CreateAccountInput, createAccount } from "./create-account";
export type { PlanChangeRefusal } from "./plan-change-error";
export {
  type ResumeSubscriptionInput,
  type ResumeSubscriptionResult,
  resumeSubscription,
} from "./resume-subscription";
export { type SetLimitOverrideInput, setLimitOverride } from "./set-limit-override";
export type { Actor } from "./subscription-event";
export {
  type SubscriptionHistoryInput,
  type SubscriptionHistoryPage,
  subscriptionHistory,
} from "./subscription-history";
