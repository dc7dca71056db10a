import { type Database, InFlightBatcher, oncePerDatabase, sqlState } from "@tally/db";
import {
  countInOneStatement,
  type OneStatementInput,
  type OneStatementOutcome,
} from "./count-in-one-statement";
import { countTogether } from "./count-together";

/** The most recordings one grouped statement carries; the rest wait for the next one. */
export const MAX_GROUP_SIZE = 64;

/**
 * The one-statement recording (`countInOneStatement`), shared by the recordings that arrive at the
 * same time: the database spends most of a one-row statement on the statement (executor start-up,
 * the commit), not on the row. While a recording statement of this database handle is in flight,
 * new recordings wait; when it finishes, the waiting ones go out together as one statement, one
 * round trip and one commit (see `countTogether`). A recording that finds nothing in flight goes
 * at once, as its own one-row statement, so a lone caller is never delayed, and no timer is
 * involved. Every caller's promise settles only after the statement holding its row committed,
 * with the outcome the one-row statement would have given it.
 */
export function countInGroup(db: Database, input: OneStatementInput): Promise<OneStatementOutcome> {
  return groupOf(db).submit(input);
}

/** One group per database handle. */
const groupOf = oncePerDatabase(
  (db: Database) =>
    new InFlightBatcher((inputs: OneStatementInput[]) => sendGroup(db, inputs), {
      maxBatch: MAX_GROUP_SIZE,
      take: oncePerKey,
    }),
);

/**
 * One group's outcomes, in order. A lone recording is the one-row statement. A failed grouped
 * statement wrote nothing; what went wrong may concern one member only (its key taken meanwhile,
 * its data refused), so each then runs alone and meets its own answer or error. Anything else
 * (the connection lost) is every member's error.
 */
async function sendGroup(
  db: Database,
  inputs: readonly OneStatementInput[],
): Promise<(OneStatementOutcome | Promise<OneStatementOutcome>)[]> {
  const [lone] = inputs;
  if (lone !== undefined && inputs.length === 1) return [await countInOneStatement(db, lone)];
  let outcomes: Awaited<ReturnType<typeof countTogether>>;
  try {
    outcomes = await countTogether(db, inputs);
  } catch (error) {
    if (!concernsRows(error)) throw error;
    return inputs.map((input) => countInOneStatement(db, input));
  }
  return inputs.map((input, index) => {
    const outcome = outcomes[index];
    if (outcome === undefined) throw new Error("the grouped statement gave no outcome for a row");
    // The first recording of a counter creates it, which the one-row statement does.
    return outcome.kind === "no_counter" ? countInOneStatement(db, input) : outcome;
  });
}

/**
 * The waiting recordings that go out next, in arrival order: at most one per idempotency key
 * (one statement cannot see its own claim of a key), and at most `maxBatch`.
 */
function oncePerKey(waiting: readonly OneStatementInput[], maxBatch: number): number[] {
  const chosen: number[] = [];
  const keys = new Set<string>();
  waiting.forEach(({ event }, index) => {
    const key = `${event.accountId}\u0000${event.idempotencyKey}`;
    if (chosen.length === maxBatch || keys.has(key)) return;
    chosen.push(index);
    keys.add(key);
  });
  return chosen;
}

/**
 * Errors that a single row can cause: data exceptions (class 22), integrity violations such as a
 * key taken by another writer (23), and serialization failures and deadlocks (40).
 */
function concernsRows(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && ["22", "23", "40"].includes(state.slice(0, 2));
}
