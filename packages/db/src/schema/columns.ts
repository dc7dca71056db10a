import { type SQL, sql } from "drizzle-orm";
import { type AnyPgColumn, timestamp } from "drizzle-orm/pg-core";

/** Every point in time is a `timestamptz` read as a `Date`, so instants compare in UTC. */
export const timestamptz = () => timestamp({ withTimezone: true, mode: "date" });

/** When the row was written; the database fills it in so no caller can forget it. */
export const createdAt = () => timestamptz().notNull().defaultNow();

/** When the row last changed; Drizzle refreshes it on every update it issues. */
export const updatedAt = () =>
  timestamptz()
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

/**
 * SQL for "`column` is one of `values`", the check behind every enumeration in the schema.
 * Enumerations are text columns with a check rather than PostgreSQL enum types: adding a value is
 * a constraint swap that drizzle-kit generates, without `ALTER TYPE`'s limits inside the
 * migration transaction. The values are our own constants and are inlined, because a constraint
 * definition cannot take parameters.
 */
export function isOneOf(column: AnyPgColumn, values: readonly string[]): SQL {
  const literals = values.map((value) => `'${value.replaceAll("'", "''")}'`).join(", ");
  return sql`${column} in (${sql.raw(literals)})`;
}
