import { router } from "./init";
import { accountsRouter } from "./routers/accounts";
import { adminRouter } from "./routers/admin";
import { alertsRouter } from "./routers/alerts";
import { billingRouter } from "./routers/billing";
import { coachRouter } from "./routers/coach";
import { modulesRouter } from "./routers/modules";
import { plansRouter } from "./routers/plans";
import { subscriptionRouter } from "./routers/subscription";
import { usageRouter } from "./routers/usage";
import { voiceRouter } from "./routers/voice";

export const appRouter = router({
  plans: plansRouter,
  subscription: subscriptionRouter,
  usage: usageRouter,
  alerts: alertsRouter,
  modules: modulesRouter,
  voice: voiceRouter,
  coach: coachRouter,
  billing: billingRouter,
  accounts: accountsRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
