export { type Drift, type ReconcileInput, type ReconcileResult, reconcile } from "./reconcile";
