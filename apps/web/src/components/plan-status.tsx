import { Link } from "react-router";
import type { CurrentSubscription } from "../lib/api-types";
import { formatDayYear } from "../lib/format";
import { Badge, type Tone } from "../ui/badge";
import { Card } from "../ui/card";

const statusText: Record<string, { label: string; tone: Tone }> = {
  trialing: { label: "Trial", tone: "brand" },
  active: { label: "Active", tone: "success" },
  past_due: { label: "Past due", tone: "danger" },
  canceled: { label: "Canceled", tone: "neutral" },
  expired: { label: "Expired", tone: "danger" },
};

/** The plan badge and everything about its state a customer needs to know right now. */
export function PlanStatus({
  subscription,
  planNames,
}: {
  subscription: CurrentSubscription;
  planNames: ReadonlyMap<string, string>;
}) {
  const status = statusText[subscription.status] ?? {
    label: subscription.status,
    tone: "neutral" as const,
  };
  const notes: { text: string; tone: "info" | "warning" | "danger"; testId: string }[] = [];
  if (subscription.status === "trialing" && subscription.trialDaysLeft !== null) {
    notes.push({
      text: `${subscription.trialDaysLeft} ${subscription.trialDaysLeft === 1 ? "day" : "days"} left in your trial${
        subscription.trialEndsAt ? ` (ends ${formatDayYear(subscription.trialEndsAt)})` : ""
      }.`,
      tone: subscription.trialDaysLeft <= 3 ? "warning" : "info",
      testId: "trial-notice",
    });
  }
  if (subscription.status === "past_due") {
    notes.push({
      text: "Your last payment failed. Update your payment details to keep your plan.",
      tone: "danger",
      testId: "past-due-notice",
    });
  }
  if (subscription.access !== "full") {
    notes.push({
      text:
        subscription.access === "read_only"
          ? "Your account is read-only until you choose a plan."
          : "Your trial has ended. Choose a plan to keep using Tally.",
      tone: "danger",
      testId: "access-notice",
    });
  }
  if (subscription.scheduledChange) {
    const name =
      planNames.get(subscription.scheduledChange.planId) ?? subscription.scheduledChange.planId;
    notes.push({
      text: `Moves to ${name} on ${formatDayYear(subscription.scheduledChange.at)}.`,
      tone: "info",
      testId: "scheduled-change-notice",
    });
  }
  if (subscription.cancelAt) {
    notes.push({
      text: `Cancelled: your plan ends on ${formatDayYear(subscription.cancelAt)}.`,
      tone: "warning",
      testId: "cancel-notice",
    });
  }

  const noteTone = {
    info: "bg-brand-50 text-brand-800",
    warning: "bg-amber-50 text-amber-900",
    danger: "bg-red-50 text-red-800",
  };

  return (
    <Card className="p-5" data-testid="plan-status">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">Your plan</p>
          <div className="mt-1 flex flex-wrap items-center gap-2">
            <span
              data-testid="plan-badge"
              className="text-xl font-semibold tracking-tight text-slate-900"
            >
              {subscription.plan.name}
            </span>
            <Badge tone={status.tone}>{status.label}</Badge>
            {subscription.interval && (
              <span className="text-xs text-slate-500">
                billed {subscription.interval === "year" ? "yearly" : "monthly"}
              </span>
            )}
          </div>
          <p className="mt-1 text-sm text-slate-500">
            Current period {formatDayYear(subscription.currentPeriod.start)} –{" "}
            {formatDayYear(subscription.currentPeriod.end)}
          </p>
        </div>
        <Link
          to="/plans"
          className="inline-flex h-9 items-center rounded-lg px-3 text-sm font-medium text-brand-700 ring-1 ring-brand-200 ring-inset hover:bg-brand-50"
        >
          Compare plans
        </Link>
      </div>
      {notes.length > 0 && (
        <ul className="mt-4 space-y-2">
          {notes.map((note) => (
            <li
              key={note.testId}
              data-testid={note.testId}
              className={`rounded-lg px-3 py-2 text-sm ${noteTone[note.tone]}`}
            >
              {note.text}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
