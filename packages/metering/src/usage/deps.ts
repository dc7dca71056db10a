import type { Database } from "@tally/db";
import type { AnyCatalog } from "@tally/tier-config";

/** What every engine function works against: the ledger and the catalog that gives it meaning. */
export interface MeteringDeps {
  db: Database;
  catalog: AnyCatalog;
}
