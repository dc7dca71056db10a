import type { FaultKind } from "./faults";

/** One API request as the stand-in saw it. */
export interface RequestLogEntry {
  requestId: string;
  method: string;
  path: string;
  idempotencyKey: string | null;
  /** The status answered, or null when the socket was dropped or held without an answer. */
  status: number | null;
  /** True when the answer was a saved idempotent result. */
  replayed: boolean;
  /** True when the request ran its execution phase (state may have changed). */
  executed: boolean;
  fault: FaultKind | null;
  outcome: "answered" | "dropped" | "held";
  /** Epoch milliseconds (from the stand-in's clock) when the request arrived. */
  atMs: number;
}
