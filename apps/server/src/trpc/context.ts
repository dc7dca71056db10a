import type { Database } from "@tally/db";
import type { AnyCatalog } from "@tally/tier-config";
import type { Logger } from "../logger";

/** What every procedure can reach: the server's long-lived dependencies. */
export interface Context {
  db: Database;
  catalog: AnyCatalog;
  logger: Logger;
}
