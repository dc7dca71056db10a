import { Link } from "react-router";
import { formatDayYear } from "../lib/format";
import type { LimitRefusal } from "../lib/trpc-error";

/** A 429 as a person reads it: what ran out, when it comes back, and which plan has more. */
export function LimitHint({
  refusal,
  planNames,
}: {
  refusal: LimitRefusal;
  planNames: ReadonlyMap<string, string>;
}) {
  const plan =
    refusal.upgradeTo === null ? null : (planNames.get(refusal.upgradeTo) ?? refusal.upgradeTo);
  return (
    <div
      role="alert"
      data-testid="limit-hint"
      data-meter={refusal.meter ?? undefined}
      data-upgrade-to={refusal.upgradeTo ?? undefined}
      className="rounded-xl border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900"
    >
      <p className="font-semibold">{refusal.message}</p>
      <p className="mt-1">
        {refusal.reason === "trial_expired"
          ? "Your trial has ended."
          : refusal.resetsAt
            ? `Your allowance comes back on ${formatDayYear(refusal.resetsAt)}.`
            : "This allowance does not reset."}{" "}
        {plan && (
          <>
            <Link
              to={`/plans?highlight=${encodeURIComponent(refusal.upgradeTo ?? "")}`}
              className="font-semibold underline underline-offset-2"
            >
              Upgrade to {plan}
            </Link>{" "}
            to keep going now.
          </>
        )}
      </p>
    </div>
  );
}
