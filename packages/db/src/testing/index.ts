export { constraintViolatedBy } from "./constraint-violated-by";
export { insertAccount } from "./factories";
export type { TestServer } from "./provided-context";
export type { TestDatabase, TestDatabaseOptions } from "./test-database";
export { createTestDatabase } from "./test-database";
export { createTestPglite, PGLITE_TIMEOUT_MS, type TestPglite } from "./test-pglite";
export type { TestPostgres, TestPostgresOptions } from "./test-postgres";
export { startTestPostgres } from "./test-postgres";
export {
  freePort,
  startThrowawayPostgres,
  type ThrowawayPostgres,
  type ThrowawayPostgresOptions,
} from "./throwaway-postgres";
export { type FileDatabase, useTestDatabase } from "./use-test-database";
