import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { Hono } from "hono";
import { limitRequestBody } from "./http/body-limit";
import { mountDashboard } from "./http/dashboard";
import { mountStripeWebhook } from "./http/stripe-webhook";
import { createContext, type ServerDeps } from "./trpc/context";
import { appRouter } from "./trpc/root";

export interface AppDeps extends ServerDeps {
  /** Answers whether the database takes queries; `/ready` reports it. */
  isDatabaseReady: () => Promise<boolean>;
  /** The built dashboard (apps/web/dist), served from the same port; omitted in API-only tests. */
  webRoot?: string;
}

/**
 * A tRPC request names one procedure unless it is a batch (`?batch=1`, paths joined by commas),
 * whose calls share one context; only a single call may take the account read with its session.
 */
function isSingleCall(request: Request): boolean {
  return !new URL(request.url).searchParams.has("batch");
}

/** Requests larger than this are refused before they are parsed. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The HTTP surface: health and readiness for orchestrators, better-auth under `/api/auth`, Stripe's
 * events at `/webhooks/stripe`, tRPC under `/trpc`, and the dashboard everywhere else.
 */
export function createApp(deps: AppDeps): Hono {
  const { isDatabaseReady, webRoot, ...serverDeps } = deps;
  const { logger, auth } = serverDeps;
  const app = new Hono();

  app.get("/health", (c) => c.json({ status: "ok" }));

  app.get("/ready", async (c) => {
    const ready = await isDatabaseReady();
    return c.json({ status: ready ? "ready" : "database unreachable" }, ready ? 200 : 503);
  });

  const limitBody = limitRequestBody(MAX_BODY_BYTES, (c) =>
    c.json(
      {
        error: {
          message: `Request body too large: the limit is ${MAX_BODY_BYTES} bytes`,
          code: "PAYLOAD_TOO_LARGE",
          data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413, limitBytes: MAX_BODY_BYTES },
        },
      },
      413,
    ),
  );

  app.on(["GET", "POST"], "/api/auth/*", limitBody, (c) => auth.handler(c.req.raw));

  mountStripeWebhook(app, serverDeps, limitBody);

  app.all("/trpc/*", limitBody, (c) =>
    fetchRequestHandler({
      endpoint: "/trpc",
      req: c.req.raw,
      router: appRouter,
      createContext: ({ req, resHeaders }) =>
        createContext(serverDeps, {
          headers: req.headers,
          resHeaders,
          oneRequest: isSingleCall(req),
        }),
      onError: ({ error, path }) => {
        // Expected client errors are the caller's business; anything else is ours to look at.
        if (error.code === "INTERNAL_SERVER_ERROR") {
          logger.error({ err: error.cause ?? error, path }, "procedure failed");
        }
      },
    }),
  );

  // Last, so it only sees what no route above answered.
  if (webRoot !== undefined && !mountDashboard(app, webRoot)) {
    logger.warn({ webRoot }, "the dashboard is not built; run `pnpm build` to serve it");
  }

  return app;
}
