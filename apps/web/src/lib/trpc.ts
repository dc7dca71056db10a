import type { AppRouter } from "@tally/server";
import { QueryCache, QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { isUnauthorized } from "./trpc-error";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/**
 * Relative URLs: the production server serves this app and the API from one origin, and the
 * Vite dev server proxies `/trpc` to it, so the session cookie always travels.
 */
export function createTrpcClient() {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: "/trpc" })],
  });
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        // The session expired or was revoked while the page was open: start again at sign-in
        // rather than showing every view's error state.
        if (isUnauthorized(error)) window.location.assign("/sign-in");
      },
    }),
    defaultOptions: {
      queries: {
        // Usage moves while the page is open; a short stale time keeps meters honest without
        // refetching on every render.
        staleTime: 15_000,
        // A refusal (403, 404, 429) will not change on a retry; only transient failures retry.
        retry: (failureCount, error) => failureCount < 2 && !isClientMistake(error),
      },
    },
  });
}

function isClientMistake(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status !== null && status >= 400 && status < 500;
}

/** The HTTP status a tRPC error carries in its data, or null for network failures. */
function httpStatusOf(error: unknown): number | null {
  if (typeof error !== "object" || error === null || !("data" in error)) return null;
  const data: unknown = error.data;
  if (typeof data !== "object" || data === null || !("httpStatus" in data)) return null;
  return typeof data.httpStatus === "number" ? data.httpStatus : null;
}
