import type { CatalogIssue } from "./catalog-issue";
import type { AnyCatalog, Plan } from "./types";

/**
 * Checks what the schema cannot: that every id a catalog mentions is defined in it, that every
 * plan lists every meter and feature, and that plan levels are unique so upgrades are ordered.
 */
export function referenceIssues(catalog: AnyCatalog): CatalogIssue[] {
  const issues: CatalogIssue[] = [];

  for (const field of ["defaultPlan", "freePlan"] as const) {
    if (!Object.hasOwn(catalog.plans, catalog[field])) {
      issues.push({ path: [field], message: `unknown plan "${catalog[field]}"` });
    }
  }
  for (const [moduleId, module] of Object.entries(catalog.modules)) {
    if (!Object.hasOwn(catalog.moduleGroups, module.group)) {
      issues.push({
        path: ["modules", moduleId, "group"],
        message: `unknown module group "${module.group}"`,
      });
    }
  }

  const planByLevel = new Map<number, string>();
  for (const [planId, plan] of Object.entries(catalog.plans)) {
    const at = (...path: PropertyKey[]) => ["plans", planId, ...path];
    const samePlanLevel = planByLevel.get(plan.level);
    if (samePlanLevel === undefined) {
      planByLevel.set(plan.level, planId);
    } else {
      issues.push({
        path: at("level"),
        message: `level ${plan.level} is also the level of plan "${samePlanLevel}"`,
      });
    }
    issues.push(
      ...listIssues(
        at("modules", "groups"),
        plan.modules.groups,
        catalog.moduleGroups,
        "module group",
      ),
      ...listIssues(at("modules", "ids"), plan.modules.ids ?? [], catalog.modules, "module"),
      ...coverageIssues(at("meters"), plan.meters, catalog.meters, "meter"),
      ...coverageIssues(at("features"), plan.features, catalog.features, "feature"),
    );
  }
  return issues;
}

/** Each entry of a plan's id list must be defined, and listed once. */
function listIssues(
  path: PropertyKey[],
  ids: readonly string[],
  defined: object,
  kind: string,
): CatalogIssue[] {
  return ids.flatMap((id, index) => {
    if (!Object.hasOwn(defined, id)) {
      return [{ path: [...path, index], message: `unknown ${kind} "${id}"` }];
    }
    if (ids.indexOf(id) !== index) {
      return [{ path: [...path, index], message: `duplicate ${kind} "${id}"` }];
    }
    return [];
  });
}

/** A plan's record must have exactly the catalog's keys: none unknown, none left out. */
function coverageIssues(
  path: PropertyKey[],
  planRecord: Plan["meters"] | Plan["features"],
  defined: object,
  kind: string,
): CatalogIssue[] {
  const unknown = Object.keys(planRecord)
    .filter((key) => !Object.hasOwn(defined, key))
    .map((key) => ({ path: [...path, key], message: `unknown ${kind} "${key}"` }));
  const missing = Object.keys(defined)
    .filter((key) => !Object.hasOwn(planRecord, key))
    .map((key) => ({
      path: [...path, key],
      message: `missing; every plan lists every ${kind} explicitly`,
    }));
  return [...unknown, ...missing];
}
