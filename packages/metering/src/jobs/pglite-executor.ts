import type { DatabaseHandle } from "@tally/db/client";
import type PgBoss from "pg-boss";

/** The embedded database's client, as `@tally/db/client` opens it. */
export type PgliteClient = Extract<DatabaseHandle, { kind: "pglite" }>["client"];

/**
 * pg-boss's `db` option over PGlite, so the job queue runs inside the embedded database without a
 * PostgreSQL server. pg-boss sends two kinds of SQL: parameterised single statements, which go
 * through PGlite's extended-protocol `query`, and parameterless scripts of several statements
 * (schema creation, `BEGIN; ...; COMMIT;` maintenance), which only the simple protocol (`exec`)
 * accepts. PGlite runs each call alone on its single connection, so a script's transaction is
 * never interleaved with the application's queries.
 */
export function pgBossExecutorFor(client: PgliteClient): PgBoss.Db {
  return {
    async executeSql(text, values) {
      if (values !== undefined && values.length > 0) {
        return client.query(text, values);
      }
      const results = await client.exec(text);
      // pg-boss reads rows only from single statements, so the last result is the one it wants.
      return results.at(-1) ?? { rows: [] };
    },
  };
}
