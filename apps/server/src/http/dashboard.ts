import { existsSync } from "node:fs";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Context, Hono } from "hono";

/** Paths the server answers itself; the dashboard's client-side routes are everything else. */
const SERVER_PATHS = /^\/(trpc|api|webhooks|health|ready)(\/|$)/;

const CACHE_FOREVER = "public, max-age=31536000, immutable";
const REVALIDATE = "no-cache";

/**
 * Serves the built dashboard (apps/web/dist) on the same port as the API. Vite names every asset
 * by its content hash, so assets are cached for a year; everything else is revalidated on every
 * load so a new build is picked up at once. Any other GET outside the server's own paths gets
 * `index.html`, because the dashboard routes on the client (a reload of /usage must work).
 *
 * Returns false, and mounts nothing, when the dashboard has not been built.
 */
export function mountDashboard(app: Hono, webRoot: string): boolean {
  if (!existsSync(join(webRoot, "index.html"))) return false;
  const file = serveStatic({ root: webRoot });
  const indexHtml = serveStatic({ root: webRoot, path: "index.html" });

  /** The file's response with `cacheControl`, or null when there is no such file. */
  async function respond(
    c: Context,
    serve: typeof file,
    cacheControl: string,
  ): Promise<Response | null> {
    const found = await serve(c, async () => {});
    if (!(found instanceof Response)) return null;
    const response = new Response(found.body, found);
    response.headers.set("Cache-Control", cacheControl);
    return response;
  }

  app.get("/assets/*", async (c) => (await respond(c, file, CACHE_FOREVER)) ?? c.notFound());
  app.get("*", async (c, next) => {
    if (SERVER_PATHS.test(c.req.path)) return next();
    return (
      (await respond(c, file, REVALIDATE)) ??
      (await respond(c, indexHtml, REVALIDATE)) ??
      c.notFound()
    );
  });
  return true;
}
