/**
 * The HTTP floor of benchmark 1: a bare `node:http` server, no framework, run as a child process
 * of the benchmark (see baseline-server-process.ts). It reads each request body in full and answers
 * JSON shaped like a tRPC answer, so the benchmark's tRPC client drives it unchanged:
 * - POST /trpc/baseline.fixed answers at once, touching no database;
 * - POST /trpc/baseline.insert runs the bare-INSERT row's statement for the body's `accountId`
 *   and answers once it has committed.
 * Takes DATABASE_URL, PORT and POOL_SIZE from the environment; sends "listening" over its IPC
 * channel once it listens; stops on SIGTERM or SIGINT, or when the benchmark process goes away
 * (the channel closes).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import postgres from "postgres";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`${name} is required`);
  return value;
}

function databaseUrl(): string {
  const raw = requiredEnv("DATABASE_URL");
  const protocol = URL.canParse(raw) ? new URL(raw).protocol : null;
  if (protocol !== "postgres:" && protocol !== "postgresql:") {
    throw new Error(`DATABASE_URL must be a postgres:// URL, got "${raw}"`);
  }
  return raw;
}

function wholeNumber(name: string, max: number): number {
  const raw = requiredEnv(name);
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be a whole number from 1 to ${max}, got "${raw}"`);
  }
  return value;
}

/** The whole body, as tRPC's adapter reads it before it parses the input. */
async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(json),
  });
  response.end(json);
}

/** A request this server cannot take: answered 400, as tRPC answers bad input. */
class BadRequest extends Error {}

function accountIdOf(body: string): string {
  let input: unknown;
  try {
    input = JSON.parse(body);
  } catch {
    throw new BadRequest("the body is not JSON");
  }
  const accountId =
    typeof input === "object" && input !== null && "accountId" in input ? input.accountId : null;
  if (typeof accountId !== "string" || !UUID.test(accountId)) {
    throw new BadRequest("the body must be JSON with an accountId (a UUID)");
  }
  return accountId;
}

const port = wholeNumber("PORT", 65_535);
// The benchmark passes its own pool's size (its concurrency), so both INSERT rows get as many
// connections.
const sql = postgres(databaseUrl(), { max: wholeNumber("POOL_SIZE", 1000), onnotice: () => {} });

const server = createServer(async (request, response) => {
  try {
    const body = await readBody(request);
    if (request.method === "POST" && request.url === "/trpc/baseline.fixed") {
      accountIdOf(body);
      answer(response, 200, { result: { data: { recorded: 0 } } });
    } else if (request.method === "POST" && request.url === "/trpc/baseline.insert") {
      await sql`insert into bench_inserts (account_id, quantity) values (${accountIdOf(body)}, 1)`;
      answer(response, 200, { result: { data: { recorded: 1 } } });
    } else {
      answer(response, 404, { error: { message: `no route ${request.method} ${request.url}` } });
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    answer(response, error instanceof BadRequest ? 400 : 500, { error: { message } });
  }
});

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  // fetch keeps its connections alive, so close them rather than wait for them to idle out.
  const closed = new Promise<void>((done) => server.close(() => done()));
  server.closeAllConnections();
  await closed;
  await sql.end();
  process.exit(0);
}
process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
process.once("disconnect", shutdown);

server.listen(port, "127.0.0.1", () => process.send?.("listening"));
