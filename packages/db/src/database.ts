import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type * as schema from "./schema";

export type Schema = typeof schema;

/**
 * What query functions take as `db`: the part of Drizzle that PostgreSQL (postgres.js) and PGlite
 * databases, and transactions on either, have in common.
 */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
