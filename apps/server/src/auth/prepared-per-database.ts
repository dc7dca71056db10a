import type { Database } from "@tally/db";

/**
 * Builds a prepared statement once per database handle and hands the same one out after: every
 * request runs the session lookups, so PostgreSQL should parse and plan them once per connection.
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
