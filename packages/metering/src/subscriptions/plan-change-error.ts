import { MeteringError } from "../errors";

/** Why a plan change was refused, for `details.reason`; clients can branch on it. */
export type PlanChangeRefusal =
  | "same_plan"
  | "not_self_serve"
  | "trial_plan"
  | "interval_change_on_downgrade"
  | "already_scheduled"
  | "already_free"
  | "already_canceling"
  | "nothing_to_resume";

export function planChangeRefused(
  reason: PlanChangeRefusal,
  message: string,
  details: Record<string, unknown> = {},
): MeteringError {
  return new MeteringError("invalid_plan_change", message, { reason, ...details });
}
