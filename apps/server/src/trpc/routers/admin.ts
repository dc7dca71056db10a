import { subscriptionStatuses } from "@tally/db";
import {
  assignPlan,
  clearLimitOverride,
  setLimitOverride,
  subscriptionHistory,
} from "@tally/metering";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { overLimitToday } from "../../admin/over-limit-today";
import { planStatistics } from "../../admin/plan-statistics";
import { planUsageSnapshot } from "../../admin/plan-usage-snapshot";
import { weeklyReport } from "../../admin/weekly-report";
import { accountExists, searchAccounts } from "../../data/admin-accounts";
import { listSubscriptions } from "../../data/admin-subscriptions";
import { adminProcedure, router } from "../init";
import { requireMeterId, requirePlanId } from "../plan-id-input";
import { adminBillingRouter } from "./admin-billing";

const accountIdInput = z.object({ accountId: z.uuid() });
const reasonInput = z.string().trim().min(3, "say why, in a few words").max(500);
const DAY_MS = 86_400_000;

async function requireAccount(db: Parameters<typeof accountExists>[0], accountId: string) {
  if (!(await accountExists(db, { accountId }))) {
    throw new TRPCError({ code: "NOT_FOUND", message: "No account with that id" });
  }
}

/** Platform operators: act on any account, always with a reason that lands in the history. */
export const adminRouter = router({
  findAccounts: adminProcedure
    .input(
      z.object({
        query: z.string().trim().min(1).max(200),
        limit: z.int().min(1).max(100).default(20),
      }),
    )
    .query(({ ctx, input }) => searchAccounts(ctx.db, input)),

  assignPlan: adminProcedure
    .input(accountIdInput.extend({ planId: z.string().min(1).max(100), reason: reasonInput }))
    .mutation(async ({ ctx, input }) => {
      await requireAccount(ctx.db, input.accountId);
      return assignPlan(ctx.db, ctx.catalog, {
        accountId: input.accountId,
        planId: requirePlanId(ctx.catalog, input.planId),
        actor: { userId: ctx.user.id },
        reason: input.reason,
        now: ctx.now,
      });
    }),

  setOverride: adminProcedure
    .input(
      accountIdInput.extend({
        meter: z.string().min(1).max(100),
        allowance: z.union([z.int().min(0).max(Number.MAX_SAFE_INTEGER), z.literal("unlimited")]),
        reason: reasonInput,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await requireAccount(ctx.db, input.accountId);
      return setLimitOverride(ctx.db, ctx.catalog, {
        accountId: input.accountId,
        meterId: requireMeterId(ctx.catalog, input.meter),
        allowance: input.allowance,
        reason: input.reason,
        actor: { userId: ctx.user.id, isAdmin: true },
      });
    }),

  clearOverride: adminProcedure
    .input(accountIdInput.extend({ meter: z.string().min(1).max(100), reason: reasonInput }))
    .mutation(async ({ ctx, input }) => {
      await requireAccount(ctx.db, input.accountId);
      return clearLimitOverride(ctx.db, ctx.catalog, {
        accountId: input.accountId,
        meterId: requireMeterId(ctx.catalog, input.meter),
        reason: input.reason,
        actor: { userId: ctx.user.id, isAdmin: true },
      });
    }),

  snapshot: adminProcedure.input(accountIdInput).query(async ({ ctx, input }) => {
    const snapshot = await planUsageSnapshot(ctx.db, ctx.catalog, {
      accountId: input.accountId,
      now: ctx.now,
    });
    if (!snapshot) throw new TRPCError({ code: "NOT_FOUND", message: "No account with that id" });
    return snapshot;
  }),

  history: adminProcedure
    .input(
      accountIdInput.extend({
        limit: z.int().min(1).max(100).default(50),
        cursor: z.string().max(200).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      await requireAccount(ctx.db, input.accountId);
      return subscriptionHistory(ctx.db, input);
    }),

  subscriptions: adminProcedure
    .input(
      z
        .object({
          planId: z.string().min(1).max(100).optional(),
          status: z.enum(subscriptionStatuses).optional(),
          interval: z.enum(["month", "year"]).optional(),
          page: z.int().min(1).default(1),
          pageSize: z.int().min(1).max(100).default(25),
        })
        .default({ page: 1, pageSize: 25 }),
    )
    .query(({ ctx, input }) =>
      listSubscriptions(ctx.db, {
        filter: { planId: input.planId, status: input.status, interval: input.interval },
        page: input.page,
        pageSize: input.pageSize,
      }),
    ),

  statistics: adminProcedure.query(({ ctx }) => planStatistics(ctx.db, ctx.catalog)),

  overLimitToday: adminProcedure.query(({ ctx }) => overLimitToday(ctx.db, ctx.catalog, ctx.now)),

  /** Defaults to the seven days ending at the start of today (UTC). */
  weeklyReport: adminProcedure
    .input(z.object({ weekStart: z.coerce.date().optional() }).default({}))
    .query(({ ctx, input }) => {
      const today = Math.floor(ctx.now.getTime() / DAY_MS) * DAY_MS;
      return weeklyReport(ctx.db, ctx.catalog, input.weekStart ?? new Date(today - 7 * DAY_MS));
    }),

  billing: adminBillingRouter,
});
