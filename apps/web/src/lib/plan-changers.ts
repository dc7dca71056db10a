/**
 * Whether a member with this role may change the account's plan. The server decides (its
 * `rolesThat.changePlan` answers FORBIDDEN to anyone else); the dashboard only mirrors the list so
 * it does not offer a button that would be refused.
 */
export function canChangePlan(role: string | null): boolean {
  return role !== null && PLAN_CHANGERS.has(role);
}

const PLAN_CHANGERS: ReadonlySet<string> = new Set(["owner", "admin", "billing"]);
