// Tables, row types and helpers only: nothing here opens a connection (that is `@tally/db/client`).
export type { Database, Schema } from "./database";
export { sqlState, violatedConstraint } from "./errors";
export { InFlightBatcher, type TakeBatch } from "./in-flight-batcher";
export { oncePerDatabase } from "./once-per-database";
export * from "./schema";
