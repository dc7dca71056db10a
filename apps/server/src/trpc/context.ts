import type { StripeGateway } from "@tally/billing";
import type { Database } from "@tally/db";
import type { AnyCatalog } from "@tally/tier-config";
import { authenticate, type Caller } from "../auth/authenticate";
import type { Auth } from "../auth/create-auth";
import type { Logger } from "../logger";

/** The server's long-lived dependencies, shared by every request. */
export interface ServerDeps {
  db: Database;
  catalog: AnyCatalog;
  logger: Logger;
  auth: Auth;
  billing: BillingDeps;
}

/** Stripe, when configured: without a key, periods still close and invoices show as not sent. */
export interface BillingDeps {
  stripe: StripeGateway | null;
  /** Verifies `POST /webhooks/stripe`; null refuses every delivery. */
  webhookSecret: string | null;
}

/** What every procedure can reach: the dependencies plus who is calling, and when. */
export interface Context extends ServerDeps {
  caller: Caller;
  /** One clock reading per request, so every decision in it agrees on the period. */
  now: Date;
  /** The `Idempotency-Key` header, which metered procedures prefer over keys in the input. */
  idempotencyKey: string | null;
  /** Headers added to the HTTP response (e.g. `Tally-Usage-Warning`). */
  resHeaders: Headers;
}

/** The longest idempotency key accepted; longer ones are refused rather than truncated. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/**
 * `oneRequest`: the context serves exactly one procedure call made now (the HTTP adapter's case),
 * so the account a member acts on may be read together with their session; a context reused for
 * several calls (a server-side caller) reads it again on every call.
 */
export async function createContext(
  deps: ServerDeps,
  request: { headers: Headers; resHeaders: Headers; now?: Date; oneRequest?: boolean },
): Promise<Context> {
  const now = request.now ?? new Date();
  const idempotencyKey = request.headers.get("idempotency-key")?.trim() || null;
  return {
    ...deps,
    caller: await authenticate(deps, request.headers, now, {
      withAccount: request.oneRequest === true,
    }),
    now,
    idempotencyKey,
    resHeaders: request.resHeaders,
  };
}
