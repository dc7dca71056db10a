export {
  type AccountEntitlement,
  type AccountState,
  type AllowanceOverride,
  entitlementOf,
  loadAccountState,
} from "../account-state";
export { type EffectivePlan, effectivePlan, type PlanAccess } from "../effective-plan";
export { isMeteringError, MeteringError, type MeteringErrorCode } from "../errors";
export { accountStateOf, type OverrideRow } from "./account-state-of";
export { type CheckEntitlementInput, checkEntitlement } from "./check-entitlement";
export type { MeteringDeps } from "./deps";
export { type ModuleAccess, type ModuleAccessInput, moduleAccess } from "./module-access";
export {
  type CounterDifference,
  type RebuildCountersResult,
  rebuildCounters,
} from "./rebuild-counters";
export { type RecordUsageInput, recordUsage, type UsageMode } from "./record-usage";
export {
  type BatchEvent,
  type BatchEventOutcome,
  MAX_USAGE_BATCH_EVENTS,
  type RecordUsageBatchInput,
  recordUsageBatch,
} from "./record-usage-batch";
export { type ReleaseInput, release } from "./release";
export { reserve } from "./reserve";
export { type UsageLogInput, type UsageLogItem, usageLog } from "./usage-log";
export type { UsageReason, UsageResult } from "./usage-result";
export { type MeterSummary, usageSummary } from "./usage-summary";
