import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limitRequestBody } from "./body-limit";

const LIMIT = 1000;
let baseUrl: string;
let close: () => void;

beforeAll(async () => {
  const app = new Hono();
  app.post(
    "/echo",
    limitRequestBody(LIMIT, (c) => c.json({ refused: true }, 413)),
    async (c) => c.json({ received: (await c.req.text()).length }),
  );
  // A real socket: over `app.request` no request declares its length.
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () =>
      resolve(started),
    );
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

/** A body sent in chunks without a Content-Length (Transfer-Encoding: chunked). */
function chunked(size: number): RequestInit {
  const chunk = "x".repeat(100);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) return controller.close();
      const part = chunk.slice(0, Math.min(chunk.length, size - sent));
      sent += part.length;
      controller.enqueue(new TextEncoder().encode(part));
    },
  });
  return { method: "POST", body, duplex: "half" } as RequestInit;
}

describe("limitRequestBody over HTTP", () => {
  it("passes a body of declared length up to the limit, and the handler reads all of it", async () => {
    const response = await fetch(`${baseUrl}/echo`, { method: "POST", body: "x".repeat(LIMIT) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: LIMIT });
  });

  it("refuses a declared length over the limit", async () => {
    const response = await fetch(`${baseUrl}/echo`, {
      method: "POST",
      body: "x".repeat(LIMIT + 1),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ refused: true });
  });

  it("counts a chunked body: passes one within the limit", async () => {
    const response = await fetch(`${baseUrl}/echo`, chunked(LIMIT - 50));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: LIMIT - 50 });
  });

  it("counts a chunked body: refuses one over the limit", async () => {
    const response = await fetch(`${baseUrl}/echo`, chunked(LIMIT * 3));
    expect(response.status).toBe(413);
  });
});
