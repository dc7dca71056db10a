import { isBillingError } from "@tally/billing";
import { isMeteringError } from "@tally/metering";
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import type { AccountContext } from "./account-context";
import type { Context } from "./context";
import { DetailedError, type ErrorDetails, fromBillingError, fromMeteringError } from "./errors";
import type { ProcedureMeta } from "./meta";
import { assertModuleAccess } from "./middleware/module-access";
import { resolveAccountState } from "./resolve-account";

/**
 * The one place procedures are defined. Routers may use only what this file exports, so every
 * procedure goes through the same error formatting, authentication and module access.
 */
const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    // Never include stack traces in responses.
    isDev: false,
    errorFormatter: ({ shape, error }) => {
      // An unexpected error's message may carry SQL or internals; the client gets a generic one
      // and the server logs the original (see the onError hook in app.ts).
      if (error.code === "INTERNAL_SERVER_ERROR") {
        return { ...shape, message: "Internal server error" };
      }
      const details: ErrorDetails = error instanceof DetailedError ? error.details : {};
      const message =
        error.cause instanceof ZodError
          ? describeIssues(error.cause)
          : error.cause instanceof SyntaxError
            ? "The request body is not valid JSON"
            : shape.message;
      // The standard fields win, so no detail can disguise the code or status.
      return { ...shape, message, data: { ...details, ...shape.data } };
    },
  });

/** "quantity: Too small: expected number to be >0; meter: Required" instead of a JSON dump. */
function describeIssues(error: ZodError): string {
  return error.issues
    .map((issue) =>
      issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message,
    )
    .join("; ");
}

/**
 * The metering engine's and billing's errors arrive as causes; each becomes the tRPC code that
 * names the mistake (a period that has not ended, Stripe not configured, ...). Anything else stays
 * the error it is.
 */
const engineErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const { cause } = result.error;
  if (isMeteringError(cause)) throw fromMeteringError(cause);
  if (isBillingError(cause)) throw fromBillingError(cause);
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(engineErrors);

/** A signed-in person (session cookie); API keys are refused here. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  const { caller } = ctx;
  if (caller.kind === "rejected") {
    throw new TRPCError({ code: "UNAUTHORIZED", message: caller.message });
  }
  if (caller.kind !== "user") {
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message:
        caller.kind === "api_key"
          ? "This procedure needs a signed-in user, not an API key"
          : "Sign in first",
    });
  }
  return next({ ctx: { user: caller.user, session: caller.session } });
});

/**
 * Acts on one account: the session's active account or the API key's, never one named in the
 * input. Narrows the context to the account, the caller's role, the subscription and the plan in
 * force, then enforces `.meta({ module })`.
 */
export const accountProcedure = publicProcedure
  .use(async ({ ctx, next }) => {
    const { account, membership, actor, state } = await resolveAccountState(ctx);
    const narrowed: AccountContext = {
      ...ctx,
      account,
      membership,
      actor,
      subscription: state.subscription,
      plan: state.plan,
      accountState: state,
    };
    return next({ ctx: narrowed });
  })
  .use(async ({ ctx, meta, getRawInput, next }) => {
    await assertModuleAccess(ctx, meta, getRawInput);
    return next();
  });

/** A platform operator (`users.role = 'admin'`). */
export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "admin") {
    throw new TRPCError({ code: "FORBIDDEN", message: "Only platform admins may do this" });
  }
  return next();
});
