import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { describeAlert } from "../lib/alert-text";
import { bannerAlerts } from "../lib/banner-alerts";
import { useTRPC } from "../lib/trpc";

interface MeterInfo {
  name: string;
  display: { unit: string; perStoredUnits: number };
}

const toneClass = {
  warning: "border-amber-200 bg-amber-50 text-amber-900",
  danger: "border-red-200 bg-red-50 text-red-900",
};

/** A banner per meter with unread alerts this period; dismissing marks them read. */
export function AlertBanners({
  meters,
  currentPeriodStartOf,
}: {
  meters: ReadonlyMap<string, MeterInfo>;
  /** Each meter's current period start, so only this period's alerts become banners. */
  currentPeriodStartOf: ReadonlyMap<string, string>;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const unread = useQuery(trpc.alerts.list.queryOptions({ unreadOnly: true, limit: 100 }));
  const markRead = useMutation(
    trpc.alerts.markRead.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() }),
    }),
  );
  // Banners are a nudge; the Alerts page shows the loading and error states of this list.
  const banners = bannerAlerts(unread.data ?? [], currentPeriodStartOf);
  if (banners.length === 0) return null;

  return (
    <section aria-label="Unread alerts" className="space-y-2">
      {banners.map(({ alert, ids }) => {
        const text = describeAlert(alert, meters);
        return (
          <div
            key={alert.id}
            role="status"
            data-testid="alert-banner"
            data-kind={alert.kind}
            data-tone={text.tone}
            className={`flex flex-wrap items-start justify-between gap-3 rounded-xl border px-4 py-3 ${toneClass[text.tone]}`}
          >
            <div className="min-w-0">
              <p className="text-sm font-semibold">{text.title}</p>
              <p className="text-sm opacity-90">{text.detail}</p>
            </div>
            <div className="flex shrink-0 items-center gap-2">
              {alert.kind === "payment_failed" && (
                <Link to="/billing" className="text-sm font-medium underline underline-offset-2">
                  Billing
                </Link>
              )}
              <button
                type="button"
                onClick={() => markRead.mutate({ ids })}
                disabled={markRead.isPending}
                className="rounded-md px-2 py-1 text-sm font-medium hover:bg-black/5"
              >
                Dismiss<span className="sr-only">: {text.title}</span>
              </button>
            </div>
          </div>
        );
      })}
    </section>
  );
}
