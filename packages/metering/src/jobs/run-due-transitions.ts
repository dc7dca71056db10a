import type { Database } from "@tally/db";
import type { AnyCatalog } from "@tally/tier-config";
import {
  type ApplyDueTransitionsResult,
  applyDueTransitions,
} from "../subscriptions/apply-due-transitions";
import type { JobsLogger } from "./jobs-logger";

export interface RunDueTransitionsInput {
  db: Database;
  catalog: AnyCatalog;
  logger: JobsLogger;
  now: () => Date;
  batchSize: number;
}

/** The `transitions` job: batch after batch until nothing due is left for this worker. */
export async function runDueTransitions({
  db,
  catalog,
  logger,
  now,
  batchSize,
}: RunDueTransitionsInput): Promise<void> {
  let batch: ApplyDueTransitionsResult;
  do {
    batch = await applyDueTransitions(db, catalog, { now: now(), batchSize });
    if (batch.transitioned > 0) {
      logger.info(
        { job: "transitions", subscriptions: batch.transitioned, events: batch.events },
        "applied due subscription transitions",
      );
    }
    for (const failure of batch.failed) {
      logger.error({ job: "transitions", ...failure }, "could not apply a transition");
    }
    // A full batch may have left more behind; one without progress would only repeat itself.
  } while (batch.selected === batchSize && batch.transitioned > 0);
}
