import { QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { BrowserRouter } from "react-router";
import { createQueryClient, createTrpcClient, TRPCProvider } from "../lib/trpc";

export function Providers({ children }: { children: ReactNode }) {
  // One client per page load, created inside React so tests and hot reloads get fresh ones.
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(createTrpcClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <BrowserRouter>{children}</BrowserRouter>
      </TRPCProvider>
    </QueryClientProvider>
  );
}
