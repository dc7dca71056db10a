import { initTRPC } from "@trpc/server";
import type { Context } from "./context";

/**
 * The one place procedures are defined. Routers may use only what this file exports, so every
 * procedure goes through the same error formatting (and, later, the same auth and metering).
 */
const t = initTRPC.context<Context>().create({
  // Never include stack traces in responses.
  isDev: false,
  errorFormatter: ({ shape, error }) => {
    // An unexpected error's message may carry SQL or internals; the client gets a generic one
    // and the server logs the original (see the onError hook in app.ts).
    if (error.code !== "INTERNAL_SERVER_ERROR") return shape;
    return { ...shape, message: "Internal server error" };
  },
});

export const router = t.router;
export const publicProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;
