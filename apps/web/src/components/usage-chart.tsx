import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { DailyUsageDay } from "../lib/api-types";
import { formatDay } from "../lib/format";

interface Point {
  day: string;
  label: string;
  daily: number;
  total: number;
}

const amount = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/**
 * Daily usage as bars and the running total as a line, against the period's allowance, all in
 * the meter's display unit. The days run from the period's first day (or a one-time allowance's
 * first day of use) to today, as `usage.daily` returns them.
 */
export function UsageChart({
  days,
  allowance,
  perStoredUnits,
  unit,
  title,
}: {
  days: readonly DailyUsageDay[];
  allowance: number | "unlimited";
  perStoredUnits: number;
  unit: string;
  title: string;
}) {
  let running = 0;
  const points: Point[] = days.map((day) => {
    running += day.used;
    return {
      day: day.day,
      label: formatDay(`${day.day}T00:00:00.000Z`),
      daily: day.used / perStoredUnits,
      total: running / perStoredUnits,
    };
  });
  const allowanceAmount = allowance === "unlimited" ? null : allowance / perStoredUnits;
  const peak = Math.max(allowanceAmount ?? 0, ...points.map((point) => point.total));

  return (
    <figure aria-label={`${title}: daily usage and running total`} className="h-64 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -12 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis
            dataKey="label"
            tick={{ fontSize: 11, fill: "#64748b" }}
            tickLine={false}
            axisLine={{ stroke: "#cbd5e1" }}
            interval="preserveStartEnd"
            minTickGap={16}
          />
          <YAxis
            tick={{ fontSize: 11, fill: "#64748b" }}
            tickLine={false}
            axisLine={false}
            domain={[0, Math.ceil(peak * 1.1) || 1]}
            allowDecimals={false}
            tickFormatter={(value: number) => amount.format(value)}
          />
          <Tooltip
            formatter={(value, name) => [
              `${amount.format(Number(value))} ${unit}s`,
              name === "daily" ? "That day" : "Period total",
            ]}
            contentStyle={{ borderRadius: 8, borderColor: "#e2e8f0", fontSize: 12 }}
          />
          <Bar dataKey="daily" fill="#6366f1" radius={[3, 3, 0, 0]} maxBarSize={18} />
          <Line
            dataKey="total"
            type="linear"
            stroke="#312e81"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          {allowanceAmount !== null && (
            <ReferenceLine
              y={allowanceAmount}
              stroke="#dc2626"
              strokeDasharray="4 4"
              label={{
                value: `Allowance ${amount.format(allowanceAmount)}`,
                position: "insideTopRight",
                fontSize: 11,
                fill: "#dc2626",
              }}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption className="sr-only">
        {points
          .filter((point) => point.daily !== 0)
          .map((point) => `${point.label}: ${amount.format(point.daily)} ${unit}s`)
          .join("; ") || "No usage this period."}
      </figcaption>
    </figure>
  );
}
