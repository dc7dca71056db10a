/** The test server's coordinates, handed from the global setup to every test file. */
export interface TestServer {
  /** A URL with the right to create databases; test databases are created through it. */
  adminUrl: string;
  /** The migrated database every test database is copied from. */
  templateName: string;
}

// Types `provide("tallyPostgres", ...)` in the global setup and `inject("tallyPostgres")` in tests.
declare module "vitest" {
  export interface ProvidedContext {
    tallyPostgres: TestServer;
  }
}
