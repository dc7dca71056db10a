import { router } from "./init";
import { plansRouter } from "./routers/plans";

export const appRouter = router({
  plans: plansRouter,
});

export type AppRouter = typeof appRouter;
