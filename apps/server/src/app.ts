import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { Hono } from "hono";
import type { Context } from "./trpc/context";
import { appRouter } from "./trpc/root";

export interface AppDeps extends Context {
  /** Answers whether the database takes queries; `/ready` reports it. */
  isDatabaseReady: () => Promise<boolean>;
}

/** The HTTP surface: health and readiness for orchestrators, and tRPC under `/trpc`. */
export function createApp(deps: AppDeps): Hono {
  const { isDatabaseReady, ...context } = deps;
  const app = new Hono();

  app.get("/health", (c) => c.json({ status: "ok" }));

  app.get("/ready", async (c) => {
    const ready = await isDatabaseReady();
    return c.json({ status: ready ? "ready" : "database unreachable" }, ready ? 200 : 503);
  });

  app.all("/trpc/*", (c) =>
    fetchRequestHandler({
      endpoint: "/trpc",
      req: c.req.raw,
      router: appRouter,
      createContext: () => context,
      onError: ({ error, path }) => {
        // Expected client errors are the caller's business; anything else is ours to look at.
        if (error.code === "INTERNAL_SERVER_ERROR") {
          context.logger.error({ err: error.cause ?? error, path }, "procedure failed");
        }
      },
    }),
  );

  return app;
}
