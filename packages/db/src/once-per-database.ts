import type { Database } from "./database";

/**
 * Builds something once per database handle and hands the same one out after: a prepared
 * statement, so PostgreSQL parses and plans a statement of the request path once per connection,
 * not per call; or a batcher, so the calls sharing a handle share its batches. A handle nobody
 * holds any more takes what was built for it along.
 */
export function oncePerDatabase<Built>(build: (db: Database) => Built): (db: Database) => Built {
  const builtFor = new WeakMap<Database, Built>();
  return (db) => {
    let built = builtFor.get(db);
    if (built === undefined) {
      built = build(db);
      builtFor.set(db, built);
    }
    return built;
  };
}
