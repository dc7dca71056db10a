import type { AlertItem } from "./api-types";
import { formatQuantity } from "./format";

interface MeterInfo {
  name: string;
  display: { unit: string; perStoredUnits: number };
}

export interface AlertText {
  title: string;
  detail: string;
  tone: "warning" | "danger";
}

/** What an alert says to a person, for the banners and the alerts list. */
export function describeAlert(
  alert: Pick<
    AlertItem,
    "kind" | "meterId" | "thresholdPercent" | "usedAtTrigger" | "allowanceAtTrigger"
  >,
  meters: ReadonlyMap<string, MeterInfo>,
): AlertText {
  const meter = alert.meterId === null ? undefined : meters.get(alert.meterId);
  const name = meter?.name ?? alert.meterId ?? "usage";
  const used = meter
    ? formatQuantity(alert.usedAtTrigger, meter.display)
    : `${alert.usedAtTrigger}`;
  const allowance =
    alert.allowanceAtTrigger === null
      ? "unlimited"
      : meter
        ? formatQuantity(alert.allowanceAtTrigger, meter.display)
        : `${alert.allowanceAtTrigger}`;
  switch (alert.kind) {
    case "usage_threshold":
      return {
        title: `${alert.thresholdPercent ?? 0}% of your ${name} used`,
        detail: `${used} of ${allowance} this period.`,
        tone: (alert.thresholdPercent ?? 0) >= 100 ? "danger" : "warning",
      };
    case "overage_started":
      return {
        title: `${name}: you are past your allowance`,
        detail: `Usage beyond ${allowance} is billed as overage on your next invoice.`,
        tone: "danger",
      };
    case "overage_cap_reached":
      return {
        title: `${name}: overage cap reached`,
        detail: "You will not be charged more overage for this meter this period.",
        tone: "warning",
      };
    case "payment_failed":
      return {
        title: "A payment failed",
        detail: "We could not collect an invoice. Check your payment details on the Billing page.",
        tone: "danger",
      };
  }
}
