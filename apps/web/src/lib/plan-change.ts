import { type AnyCatalog, comparePlans, isPlanId, planOf } from "@tally/tier-config";
import { formatDayYear, formatPrice } from "./format";

export type PlanAction =
  | { kind: "upgrade" | "downgrade"; planId: string; interval: "month" | "year" }
  | { kind: "cancel" }
  | { kind: "resume" };

export interface PlanActionText {
  title: string;
  /** What happens and when, in the words the confirmation dialog shows. */
  body: string[];
  confirmLabel: string;
}

interface Subscription {
  planId: string;
  periodEnd: string;
  freePlanName: string;
}

/**
 * What a plan change will do, stated before the person confirms it. The rules are the server's:
 * an upgrade applies at once to the current period, a downgrade and a cancel wait for the period
 * end, and a cancelled subscription falls back to the free plan.
 */
export function describePlanAction(
  catalog: AnyCatalog,
  subscription: Subscription,
  action: PlanAction,
): PlanActionText {
  const end = formatDayYear(subscription.periodEnd);
  const currentName = isPlanId(catalog, subscription.planId)
    ? planOf(catalog, subscription.planId).name
    : subscription.planId;
  switch (action.kind) {
    case "upgrade":
    case "downgrade": {
      if (!isPlanId(catalog, action.planId)) {
        throw new RangeError(`unknown plan "${action.planId}"`);
      }
      const target = planOf(catalog, action.planId);
      const price = formatPrice(
        action.interval === "year" ? target.priceAnnualCents : target.priceMonthlyCents,
        action.interval,
        catalog.currency,
      );
      const change = isPlanId(catalog, subscription.planId)
        ? comparePlans(catalog, subscription.planId, action.planId)
        : action.kind;
      if (change === "upgrade") {
        return {
          title: `Upgrade to ${target.name}`,
          body: [
            `You move from ${currentName} to ${target.name} now, at ${price}.`,
            `${target.name}'s allowances and modules apply at once, to the current period, which ends ${end}.`,
          ],
          confirmLabel: `Upgrade to ${target.name}`,
        };
      }
      return {
        title: `Downgrade to ${target.name}`,
        body: [
          `You keep ${currentName} and everything in it until ${end}.`,
          `On ${end} you move to ${target.name} at ${price}; its smaller allowances and modules apply from then.`,
        ],
        confirmLabel: `Schedule downgrade`,
      };
    }
    case "cancel":
      return {
        title: `Cancel ${currentName}`,
        body: [
          `You keep ${currentName} and everything in it until ${end}.`,
          `On ${end} the account moves to the ${subscription.freePlanName} plan. You can resume before then.`,
        ],
        confirmLabel: "Cancel at period end",
      };
    case "resume":
      return {
        title: `Keep ${currentName}`,
        body: [`The cancellation is withdrawn: ${currentName} renews on ${end}.`],
        confirmLabel: `Keep ${currentName}`,
      };
  }
}
