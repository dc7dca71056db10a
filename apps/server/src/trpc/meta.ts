/** Procedure metadata, read by the middleware in init.ts. */
export interface ProcedureMeta {
  /**
   * The content module a procedure serves: a module id, or `{ input: "field" }` when the caller
   * names the module in that input field. Only `accountProcedure` enforces it.
   */
  module?: string | { input: string };
}
