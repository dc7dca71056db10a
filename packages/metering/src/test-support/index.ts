export { type AccountOnPlanInput, insertAccountOnPlan } from "./insert-account-on-plan";
export { ledgerTotals } from "./ledger-totals";
export { openPools } from "./open-pools";
export { subscriptionRow } from "./subscription-row";
