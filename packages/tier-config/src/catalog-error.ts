/** A catalog that failed validation; `issues` holds one `path: problem` line per problem. */
export class CatalogError extends Error {
  readonly issues: readonly string[];

  constructor(catalogId: string, issues: readonly string[]) {
    super(`Invalid catalog "${catalogId}":\n${issues.map((issue) => `  ${issue}`).join("\n")}`);
    this.name = "CatalogError";
    this.issues = issues;
  }
}
