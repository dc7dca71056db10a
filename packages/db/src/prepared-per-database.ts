import type { Database } from "./database";

/**
 * Builds a prepared statement once per database handle and hands the same one out after, so
 * PostgreSQL parses and plans a statement of the request path once per connection, not per call.
 */
export function preparedPerDatabase<Statement>(
  build: (db: Database) => Statement,
): (db: Database) => Statement {
  const built = new WeakMap<Database, Statement>();
  return (db) => {
    let statement = built.get(db);
    if (statement === undefined) {
      statement = build(db);
      built.set(db, statement);
    }
    return statement;
  };
}
