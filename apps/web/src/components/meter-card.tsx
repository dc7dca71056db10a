import type { MeterSummary } from "../lib/api-types";
import { formatCents, formatDay, formatQuantity, formatUsedOfAllowance } from "../lib/format";
import { fillPercent, type MeterLevel, meterLevel } from "../lib/meter-level";
import { Badge } from "../ui/badge";
import { Card } from "../ui/card";

const barColour: Record<MeterLevel, string> = {
  ok: "bg-brand-600",
  warning: "bg-amber-500",
  blocked: "bg-red-600",
};

/** One metered feature: used of allowance in human units, a bar that turns amber then red. */
export function MeterCard({ meter, currency }: { meter: MeterSummary; currency: string }) {
  const level = meterLevel(meter.used, meter.allowance, meter.thresholdsPercent);
  const unlimited = meter.allowance === "unlimited";
  const fill = fillPercent(meter.used, meter.allowance);
  const billsOverage = meter.hardLimit === null && !unlimited;
  const percent = meter.ratioBasisPoints === null ? null : Math.floor(meter.ratioBasisPoints / 100);

  return (
    <Card
      data-testid={`meter-${meter.meterId}`}
      data-level={level}
      className="flex flex-col gap-4 p-5"
    >
      <div className="flex items-start justify-between gap-3">
        <div>
          <h3 className="text-sm font-medium text-slate-600">{meter.name}</h3>
          <p className="mt-1 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums">
            {meter.allowance === 0
              ? formatQuantity(meter.used, meter.display)
              : formatUsedOfAllowance(meter.used, meter.allowance, meter.display)}
          </p>
        </div>
        <LevelBadge level={level} unlimited={unlimited} billsOverage={billsOverage} />
      </div>

      {!unlimited && (
        <div>
          <div
            role="progressbar"
            aria-label={`${meter.name} used`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(fill)}
            aria-valuetext={percent === null ? undefined : `${percent}% used`}
            className="h-2 overflow-hidden rounded-full bg-slate-100"
          >
            <div
              data-level={level}
              className={`h-full rounded-full transition-[width] duration-500 ${barColour[level]}`}
              style={{ width: `${fill}%` }}
            />
          </div>
          <div className="mt-2 flex justify-between text-xs text-slate-500 tabular-nums">
            <span>{percent === null ? "Not included in your plan" : `${percent}% used`}</span>
            <span>
              {meter.resetsAt === null
                ? "One-time allowance"
                : `Resets ${formatDay(meter.resetsAt)}`}
            </span>
          </div>
        </div>
      )}
      {unlimited && (
        <p className="text-xs text-slate-500">
          Unlimited on your plan
          {meter.resetsAt !== null && ` · counter resets ${formatDay(meter.resetsAt)}`}
        </p>
      )}

      {meter.overage.amountCents > 0 && (
        <p className="rounded-lg bg-red-50 px-3 py-2 text-xs text-red-800">
          {formatQuantity(meter.overage.overageUnits, meter.display)} over:{" "}
          <strong className="font-semibold">
            {formatCents(meter.overage.amountCents, currency)}
          </strong>{" "}
          overage so far{meter.overage.capped && " (capped)"}
        </p>
      )}
    </Card>
  );
}

function LevelBadge({
  level,
  unlimited,
  billsOverage,
}: {
  level: MeterLevel;
  unlimited: boolean;
  billsOverage: boolean;
}) {
  if (unlimited) return <Badge tone="brand">Unlimited</Badge>;
  if (level === "warning") return <Badge tone="warning">Almost used up</Badge>;
  if (level === "blocked") {
    return <Badge tone="danger">{billsOverage ? "In overage" : "Limit reached"}</Badge>;
  }
  return <Badge tone="success">On track</Badge>;
}
