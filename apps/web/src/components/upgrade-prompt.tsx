import { formatCents, formatPrice } from "../lib/format";
import type { UpgradeAdvice } from "../lib/upgrade-advice";
import { Button } from "../ui/button";

/**
 * Near or over a limit: the plan that fits the account's pace, with what it costs against staying
 * put, both priced at the projected usage.
 */
export function UpgradePrompt({
  advice,
  currentPlanName,
  currentPriceCents,
  situation,
  suggestedPriceCents,
  currency,
  canChangePlan,
  onUpgrade,
}: {
  advice: Extract<UpgradeAdvice, { kind: "upgrade" }>;
  currentPlanName: string;
  currentPriceCents: number;
  /** What is pressing, as a sentence: "You have used up your human coach calls." */
  situation: string;
  suggestedPriceCents: number;
  currency: string;
  canChangePlan: boolean;
  onUpgrade: () => void;
}) {
  const difference = formatCents(Math.abs(advice.differenceCents), currency);
  const verdict =
    advice.differenceCents === 0
      ? "the same"
      : advice.differenceCents > 0
        ? `${difference} more`
        : `${difference} less`;

  return (
    <section
      data-testid="upgrade-prompt"
      data-plan={advice.planId}
      aria-labelledby="upgrade-prompt-title"
      className="flex flex-col gap-4 rounded-xl bg-gradient-to-br from-brand-700 to-brand-900 p-5 text-white shadow-sm sm:flex-row sm:items-center sm:justify-between"
    >
      <div>
        <h2 id="upgrade-prompt-title" className="text-base font-semibold">
          {advice.planName} fits your pace
        </h2>
        <p className="mt-1 text-sm text-brand-100">
          {situation}{" "}
          {advice.currentMonthlyCents > currentPriceCents ? (
            <>
              At your pace, {currentPlanName} comes to{" "}
              {formatCents(advice.currentMonthlyCents, currency)} this month with overage;{" "}
              {advice.planName} ({formatPrice(suggestedPriceCents, "month", currency)}) would be{" "}
              {formatCents(advice.suggestedMonthlyCents, currency)}, {verdict}.
            </>
          ) : (
            <>
              {advice.planName} covers your pace for{" "}
              {formatCents(advice.suggestedMonthlyCents, currency)} a month, {verdict} than{" "}
              {currentPlanName}.
            </>
          )}
        </p>
      </div>
      {canChangePlan ? (
        <Button variant="secondary" className="shrink-0" onClick={onUpgrade}>
          Upgrade to {advice.planName}
        </Button>
      ) : (
        <p className="text-sm text-brand-100">Ask an account owner to upgrade.</p>
      )}
    </section>
  );
}
