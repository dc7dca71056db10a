import { formatCatalogIssue } from "./catalog-issue";
import { referenceIssues } from "./catalog-references";
import { catalogSchema } from "./catalog-schema";
import type { AnyCatalog } from "./types";

export type ParsedCatalog = { ok: true; catalog: AnyCatalog } | { ok: false; errors: string[] };

/**
 * Validates a catalog from outside the code (a file, an admin upload) and returns every problem
 * as a `path: problem` line instead of throwing; defineCatalog applies the same rules.
 *
 * Two passes: the shape and single values, then the references between parts. References are
 * only checked on a well-formed catalog, so fixing shape problems can reveal more on the next run.
 *
 * The shape is the same as defineCatalog's, records keyed by id, so a list of plans (where one
 * id could appear twice) is rejected as the wrong shape. Duplicate keys within one JSON object
 * cannot be detected here: JSON.parse has already kept the last of them.
 */
export function parseCatalog(json: unknown): ParsedCatalog {
  const parsed = catalogSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) =>
        formatCatalogIssue({
          path: issue.path,
          // zod reports a bad record key as "Invalid key in record"; the key's own reason says more.
          message:
            issue.code === "invalid_key"
              ? issue.issues.map((keyIssue) => keyIssue.message).join("; ")
              : issue.message,
        }),
      ),
    };
  }
  const issues = referenceIssues(parsed.data);
  if (issues.length > 0) {
    return { ok: false, errors: issues.map(formatCatalogIssue) };
  }
  return { ok: true, catalog: parsed.data };
}
