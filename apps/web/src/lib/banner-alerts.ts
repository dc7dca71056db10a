import type { AlertItem } from "./api-types";

type BannerAlert = Pick<AlertItem, "id" | "kind" | "meterId" | "periodStart">;

export interface Banner<A extends BannerAlert> {
  /** The newest unread alert of its meter in the current period: what the banner says. */
  alert: A;
  /** Every unread alert the banner stands for, marked read together when it is dismissed. */
  ids: string[];
}

/**
 * One banner per meter for the current period (the newest alert says the most), plus one per
 * failed payment. Alerts from earlier periods stay on the Alerts page, where they can be read.
 * `alerts` is newest first, as `alerts.list` returns it.
 */
export function bannerAlerts<A extends BannerAlert>(
  alerts: readonly A[],
  currentPeriodStartOf: ReadonlyMap<string, string>,
): Banner<A>[] {
  const banners: Banner<A>[] = [];
  const byMeter = new Map<string, Banner<A>>();
  for (const alert of alerts) {
    if (alert.meterId === null) {
      banners.push({ alert, ids: [alert.id] });
      continue;
    }
    const periodStart = currentPeriodStartOf.get(alert.meterId);
    if (periodStart === undefined || Date.parse(periodStart) !== Date.parse(alert.periodStart)) {
      continue;
    }
    const existing = byMeter.get(alert.meterId);
    if (existing) {
      existing.ids.push(alert.id);
    } else {
      const banner = { alert, ids: [alert.id] };
      byMeter.set(alert.meterId, banner);
      banners.push(banner);
    }
  }
  return banners;
}
