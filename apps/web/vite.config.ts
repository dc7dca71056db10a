import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const API_ORIGIN = "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react(), tailwindcss()],
  build: {
    outDir: "dist",
    // `pnpm start` builds before it serves, so a build can run while another server serves this
    // directory to an open page (the end-to-end tests start several at once; a restart does the
    // same to a person's open tab). Emptying it first would delete, for seconds, the hashed chunks
    // such a page still loads lazily; overwriting leaves them, and `index.html` names the new ones.
    emptyOutDir: false,
    rollupOptions: {
      treeshake: {
        // tier-config's modules only declare data and pure functions, but its catalogs validate
        // themselves with zod when loaded. The dashboard builds its catalog from `plans.list`, so
        // telling the bundler those modules have no side effects keeps zod and the unused
        // catalogs out of the bundle.
        moduleSideEffects: (id) => !id.includes("/packages/tier-config/"),
      },
    },
  },
  server: {
    proxy: {
      "/trpc": API_ORIGIN,
      "/api": {
        target: API_ORIGIN,
        // better-auth refuses requests from origins other than its own base URL. In production
        // the dashboard is served from that origin; in development the proxy speaks for it.
        configure: (proxy) => {
          proxy.on("proxyReq", (request) => request.setHeader("origin", API_ORIGIN));
        },
      },
    },
  },
});
