import type { IncomingMessage, ServerResponse } from "node:http";
import { invalidRequest, StandinError } from "./errors";
import type { StripeEvent } from "./events";
import type { ChosenFault, Faults } from "./faults";
import type { FormMap } from "./form-body";
import { canonicalForm, parseFormBody } from "./form-body";
import { hostedInvoicePage } from "./hosted-invoice-page";
import type { IdempotencyStore } from "./idempotency";
import { maxIdempotencyKeyLength } from "./idempotency";
import { newId } from "./ids";
import { ParamReader } from "./params";
import type { RateLimiter } from "./rate-limiter";
import type { RequestLogEntry } from "./request-log";
import type { ExecutionContext, Outcome } from "./route";
import { matchRoute } from "./router";
import type { StandinStore } from "./state";

const maxBodyBytes = 1_000_000;

export interface RequestHandlerDeps {
  store: StandinStore;
  faults: Faults;
  idempotency: IdempotencyStore;
  rateLimiter: RateLimiter;
  requests: RequestLogEntry[];
  clockMs: () => number;
  isValidApiKey: (key: string) => boolean;
  baseUrl: () => string;
  numberPrefix: string;
  emit: (
    type: string,
    object: object,
    cause: { requestId: string | null; idempotencyKey: string | null },
    previousAttributes?: Record<string, unknown>,
  ) => StripeEvent;
  /** Tracks held sockets so `close()` can end them. */
  hold: (response: ServerResponse, ms: number) => void;
}

/** The life of one API request: auth, rate limit, faults, idempotency, validation, execution. */
export async function handleRequest(
  deps: RequestHandlerDeps,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const requestId = newId("req");
  const method = request.method ?? "GET";
  const url = new URL(request.url ?? "/", "http://standin.invalid");
  const path = url.pathname;
  const rawKey = request.headers["idempotency-key"];
  const idempotencyKey = method === "POST" && typeof rawKey === "string" ? rawKey : null;
  const entry: RequestLogEntry = {
    requestId,
    method,
    path,
    idempotencyKey,
    status: null,
    replayed: false,
    executed: false,
    fault: null,
    outcome: "answered",
    atMs: deps.clockMs(),
  };
  response.setHeader("Request-Id", requestId);

  if (method === "GET" && path.startsWith("/i/")) {
    const page = hostedInvoicePage(deps.store, path.slice(3));
    response.writeHead(page === undefined ? 404 : 200, { "content-type": "text/html" });
    response.end(page ?? "Not found");
    return;
  }

  deps.requests.push(entry);
  const answer = (outcome: Outcome, headers: Record<string, string> = {}) => {
    entry.status = outcome.status;
    const text = JSON.stringify(outcome.body, null, 2);
    response.writeHead(outcome.status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
      ...headers,
    });
    response.end(text);
  };
  const refuse = (error: StandinError) => {
    answer({ status: error.status, body: error.toBody() }, error.headers);
  };

  try {
    const body = await readBody(request);
    const apiKey = authenticate(request, deps.isValidApiKey);
    const retryAfter = deps.rateLimiter.admit();
    if (retryAfter > 0) {
      throw new StandinError(
        429,
        "invalid_request_error",
        "Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.",
        {
          code: "rate_limit",
          headers: { "Retry-After": String(retryAfter), "Stripe-Should-Retry": "true" },
        },
      );
    }
    const fault = deps.faults.take(method, path, requestId);
    entry.fault = fault?.kind ?? null;
    if (fault !== undefined && failsBeforeExecuting(fault, deps, response, entry)) {
      return;
    }
    const match = matchRoute(method, path);
    if (match === undefined) {
      throw new StandinError(
        404,
        "invalid_request_error",
        `Unrecognized request URL (${method}: ${path}).`,
      );
    }
    const form = readForm(method, request, body, url);
    if (idempotencyKey !== null && idempotencyKey.length > maxIdempotencyKeyLength) {
      throw invalidRequest(
        `Invalid Idempotency-Key: keys may be at most ${maxIdempotencyKeyLength} characters (got ${idempotencyKey.length}).`,
        "idempotency_key",
      );
    }
    const fingerprint = `${method} ${path} ${canonicalForm(form)}`;
    if (idempotencyKey !== null) {
      const found = deps.idempotency.lookup(apiKey, idempotencyKey, fingerprint);
      if (found.kind === "executing") {
        throw new StandinError(
          409,
          "idempotency_error",
          "There is currently another in-progress request using this Idempotency-Key (that probably means you submitted twice, and the other request is still going through): " +
            `${idempotencyKey}. Please try again later.`,
          { headers: { "Stripe-Should-Retry": "true" } },
        );
      }
      if (found.kind === "mismatch") {
        throw new StandinError(
          400,
          "idempotency_error",
          found.saved.path === path
            ? `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`
            : `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${found.saved.path}' vs '${path}'). Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
        );
      }
      if (found.kind === "replay") {
        entry.replayed = true;
        if (fault?.kind === "drop_after_commit") {
          drop(response, entry);
          return;
        }
        answer(found.saved.outcome, {
          "Idempotent-Replayed": "true",
          "Original-Request": found.saved.requestId,
        });
        return;
      }
    }

    const reader = new ParamReader(form);
    reader.stringArray("expand");
    const execute = match.route.prepare(reader, match.pathParams);
    reader.finish();

    if (idempotencyKey !== null) {
      deps.idempotency.claim(apiKey, idempotencyKey, fingerprint);
    }
    let outcome: Outcome;
    let save = true;
    try {
      if (fault?.kind === "delay") {
        await sleep(fault.delayMs ?? 200);
      }
      entry.executed = true;
      if (fault?.kind === "card_declined" || fault?.kind === "invalid_request") {
        outcome = injectedExecutionError(fault);
        save = fault.save ?? true;
      } else {
        outcome = runExecution(execute, {
          store: deps.store,
          now: () => Math.floor(deps.clockMs() / 1000),
          emit: (type, object, previousAttributes) => {
            deps.emit(type, object, { requestId, idempotencyKey }, previousAttributes);
          },
          baseUrl: deps.baseUrl(),
          numberPrefix: deps.numberPrefix,
        });
      }
    } catch (error) {
      if (idempotencyKey !== null) {
        deps.idempotency.release(apiKey, idempotencyKey);
      }
      throw error;
    }
    if (idempotencyKey !== null) {
      if (save) {
        deps.idempotency.save(apiKey, idempotencyKey, { fingerprint, path, outcome, requestId });
      } else {
        deps.idempotency.release(apiKey, idempotencyKey);
      }
    }
    if (fault?.kind === "drop_after_commit") {
      drop(response, entry);
      return;
    }
    answer(outcome);
  } catch (error) {
    if (error instanceof StandinError) {
      refuse(error);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    refuse(new StandinError(500, "api_error", `Stand-in internal error: ${message}`));
  }
}

function authenticate(request: IncomingMessage, isValid: (key: string) => boolean): string {
  const header = request.headers.authorization;
  const match = header === undefined ? null : /^Bearer (\S+)$/.exec(header);
  const key = match?.[1];
  if (key === undefined) {
    throw new StandinError(
      401,
      "authentication_error",
      "You did not provide an API key. Provide it in the Authorization header as `Bearer sk_test_...`.",
    );
  }
  if (!isValid(key)) {
    throw new StandinError(
      401,
      "authentication_error",
      `Invalid API Key provided: ${key.slice(0, 12)}${"*".repeat(Math.max(0, key.length - 16))}${key.slice(-4)}`,
    );
  }
  return key;
}

/** Applies `500`, `429` and `timeout`; returns true when the request has been dealt with. */
function failsBeforeExecuting(
  fault: ChosenFault,
  deps: RequestHandlerDeps,
  response: ServerResponse,
  entry: RequestLogEntry,
): boolean {
  if (fault.kind === "500") {
    throw new StandinError(
      500,
      "api_error",
      fault.message ?? "An unknown error occurred (injected by the stand-in).",
      { headers: { "Stripe-Should-Retry": "true" } },
    );
  }
  if (fault.kind === "429") {
    throw new StandinError(
      429,
      "invalid_request_error",
      fault.message ?? "Too many requests hit the API too quickly (injected by the stand-in).",
      {
        code: "rate_limit",
        headers: { "Retry-After": String(fault.retryAfterSeconds ?? 1) },
      },
    );
  }
  if (fault.kind === "timeout") {
    entry.outcome = "held";
    deps.hold(response, fault.holdMs ?? 10_000);
    return true;
  }
  return false;
}

function injectedExecutionError(fault: ChosenFault): Outcome {
  const error =
    fault.kind === "card_declined"
      ? new StandinError(402, "card_error", fault.message ?? "Your card was declined.", {
          code: "card_declined",
          declineCode: fault.declineCode ?? "generic_decline",
        })
      : invalidRequest(fault.message ?? "Invalid request (injected by the stand-in).", fault.param);
  return { status: error.status, body: error.toBody() };
}

/** Runs the execution phase; a Stripe-style refusal becomes the (saved) outcome. */
function runExecution(
  execute: (context: ExecutionContext) => Outcome,
  context: ExecutionContext,
): Outcome {
  try {
    return execute(context);
  } catch (error) {
    if (error instanceof StandinError) {
      return { status: error.status, body: error.toBody() };
    }
    throw error;
  }
}

function readForm(method: string, request: IncomingMessage, body: string, url: URL): FormMap {
  if (method !== "POST") {
    return parseFormBody(url.search.slice(1));
  }
  const contentType = request.headers["content-type"] ?? "";
  if (body !== "" && !contentType.startsWith("application/x-www-form-urlencoded")) {
    throw invalidRequest(
      `Invalid request: the body must be application/x-www-form-urlencoded, not '${contentType}'.`,
    );
  }
  return parseFormBody(body);
}

function drop(response: ServerResponse, entry: RequestLogEntry): void {
  entry.outcome = "dropped";
  entry.status = null;
  response.socket?.destroy();
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBodyBytes) {
      throw invalidRequest(`Request body larger than ${maxBodyBytes} bytes.`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
