import {
  cancelSubscription,
  changePlan,
  resumeSubscription,
  subscriptionHistory,
} from "@tally/metering";
import { comparePlans, planOf } from "@tally/tier-config";
import { z } from "zod";
import { describeSubscription } from "../../catalog/describe-subscription";
import type { AccountContext } from "../account-context";
import { DetailedError } from "../errors";
import { accountProcedure, router } from "../init";
import { requirePlanId } from "../plan-id-input";
import { requireRole, rolesThat } from "../roles";

const planChangeInput = z.object({
  planId: z.string().min(1).max(100),
  interval: z.enum(["month", "year"]).optional(),
});

/** The account's own plan: read by every member, changed by owners, admins and billing. */
export const subscriptionRouter = router({
  current: accountProcedure.query(({ ctx }) =>
    describeSubscription(ctx.catalog, ctx.subscription, ctx.plan, ctx.now),
  ),

  upgrade: accountProcedure.input(planChangeInput).mutation(async ({ ctx, input }) => {
    const toPlanId = checkedChange(ctx, input.planId, "upgrade");
    return changePlan(ctx.db, ctx.catalog, {
      accountId: ctx.account.id,
      toPlanId,
      interval: input.interval,
      actor: { userId: requireRole(ctx, rolesThat.changePlan), isAdmin: false },
      now: ctx.now,
    });
  }),

  downgrade: accountProcedure.input(planChangeInput).mutation(async ({ ctx, input }) => {
    const toPlanId = checkedChange(ctx, input.planId, "downgrade");
    return changePlan(ctx.db, ctx.catalog, {
      accountId: ctx.account.id,
      toPlanId,
      interval: input.interval,
      actor: { userId: requireRole(ctx, rolesThat.changePlan), isAdmin: false },
      now: ctx.now,
    });
  }),

  cancel: accountProcedure.mutation(({ ctx }) =>
    cancelSubscription(ctx.db, ctx.catalog, {
      accountId: ctx.account.id,
      actor: { userId: requireRole(ctx, rolesThat.changePlan), isAdmin: false },
      now: ctx.now,
    }),
  ),

  resume: accountProcedure.mutation(({ ctx }) =>
    resumeSubscription(ctx.db, ctx.catalog, {
      accountId: ctx.account.id,
      actor: { userId: requireRole(ctx, rolesThat.changePlan), isAdmin: false },
      now: ctx.now,
    }),
  ),

  history: accountProcedure
    .input(
      z
        .object({
          limit: z.int().min(1).max(100).default(20),
          cursor: z.string().max(200).optional(),
        })
        .default({ limit: 20 }),
    )
    .query(({ ctx, input }) =>
      subscriptionHistory(ctx.db, {
        accountId: ctx.account.id,
        limit: input.limit,
        cursor: input.cursor,
      }),
    ),
});

/**
 * Upgrades take effect at once and downgrades at the period end, so the caller says which it
 * means and a mismatch is refused rather than silently doing the other. Operator-only plans
 * (sponsored, affiliate) are not for sale.
 */
function checkedChange(ctx: AccountContext, planId: string, expected: "upgrade" | "downgrade") {
  const toPlanId = requirePlanId(ctx.catalog, planId);
  if (planOf(ctx.catalog, toPlanId).selfServe === false) {
    throw new DetailedError({
      code: "FORBIDDEN",
      message: `The ${planOf(ctx.catalog, toPlanId).name} plan is assigned by operators only`,
      details: { reason: "not_self_serve", planId: toPlanId },
    });
  }
  const change = comparePlans(ctx.catalog, ctx.plan.planId, toPlanId);
  if (change !== expected) {
    throw new DetailedError({
      code: "BAD_REQUEST",
      message:
        change === "same"
          ? `You are already on the ${planOf(ctx.catalog, toPlanId).name} plan`
          : `Moving to ${planOf(ctx.catalog, toPlanId).name} is a ${change}, not a ${expected}`,
      details: { reason: "invalid_plan_change", from: ctx.plan.planId, to: toPlanId },
    });
  }
  return toPlanId;
}
