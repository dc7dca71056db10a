import type { Database } from "@tally/db";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";

/** Turns Drizzle's `sql` into text and parameters, as the database handles do (snake_case). */
const dialect = new PgDialect({ casing: "snake_case" });

/** The part of a postgres.js client this needs: a statement by text, prepared or not. */
interface PostgresJsClient {
  unsafe(text: string, params: unknown[], options: { prepare: boolean }): Promise<unknown[]>;
}

function postgresJsClientOf(db: Database): PostgresJsClient | null {
  const client: unknown = "$client" in db ? db.$client : undefined;
  return typeof client === "function" && "unsafe" in client
    ? (client as unknown as PostgresJsClient)
    : null;
}

/**
 * Runs a statement of the request path as a prepared statement, so PostgreSQL parses and plans it
 * once per connection instead of on every call. Drizzle prepares only statements given a name
 * with `.prepare()`, and sends everything else (its raw `sql` included) as an unnamed statement
 * that is parsed and planned again each time: for the recording statement's data-modifying CTEs
 * that was the larger part of its database time. postgres.js keys prepared statements by their
 * text, so each shape of the statement is prepared once per connection; its parameters stay
 * parameters. PGlite (one embedded connection, nothing to save) runs it through Drizzle as before.
 */
export async function preparedRows<T>(db: Database, query: SQL): Promise<T[]> {
  const client = postgresJsClientOf(db);
  if (client === null) {
    const result = await db.execute(query);
    return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
  }
  const { sql: text, params } = dialect.sqlToQuery(query);
  return (await client.unsafe(text, params, { prepare: true })) as T[];
}
