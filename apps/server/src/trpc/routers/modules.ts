import { cheapestPlanWith, isPlanId, moduleIds, planIncludesModule } from "@tally/tier-config";
import { z } from "zod";
import { accountProcedure, router } from "../init";

/** The catalog's content modules as this account sees them: open, or what would unlock them. */
export const modulesRouter = router({
  list: accountProcedure.query(({ ctx }) => {
    const { catalog, plan } = ctx;
    const usable = plan.access !== "blocked" && isPlanId(catalog, plan.planId);
    return moduleIds(catalog).map((moduleId) => {
      const module = catalog.modules[moduleId];
      const unlocked = usable && planIncludesModule(catalog, plan.planId, moduleId);
      return {
        id: moduleId,
        name: module?.name ?? moduleId,
        group: module?.group ?? null,
        groupName: module ? (catalog.moduleGroups[module.group]?.name ?? null) : null,
        unlocked,
        requiredPlan: unlocked ? null : cheapestPlanWith(catalog, { module: moduleId }),
      };
    });
  }),

  /** Opens one module; the `.meta` check refuses locked ones before this runs. */
  open: accountProcedure
    .meta({ module: { input: "moduleId" } })
    .input(z.object({ moduleId: z.string().min(1).max(100) }))
    .query(({ ctx, input }) => {
      const module = ctx.catalog.modules[input.moduleId];
      return {
        id: input.moduleId,
        name: module?.name ?? input.moduleId,
        group: module?.group ?? null,
      };
    }),
});
