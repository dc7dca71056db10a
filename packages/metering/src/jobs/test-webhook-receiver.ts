import { createServer, type IncomingHttpHeaders } from "node:http";

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  /** What the receiver answered. */
  status: number;
}

/**
 * A real HTTP endpoint on 127.0.0.1 for delivery tests: it answers the statuses in `script` in
 * turn (then 200) and remembers every request with its raw body.
 */
export async function startWebhookReceiver(script: number[] = []) {
  const received: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const status = script[received.length] ?? 200;
      received.push({
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        status,
      });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return {
    url: `http://127.0.0.1:${address.port}/hooks/tally`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
