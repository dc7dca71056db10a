import { compareMatrix } from "../../catalog/compare-matrix";
import { describeCatalog } from "../../catalog/describe-catalog";
import { publicProcedure, router } from "../init";

/** The active catalog: what anyone (signed in or not) may read before choosing a plan. */
export const plansRouter = router({
  list: publicProcedure.query(({ ctx }) => describeCatalog(ctx.catalog)),
  compare: publicProcedure.query(({ ctx }) => compareMatrix(ctx.catalog)),
});
