import { violatedConstraint } from "../errors";

/**
 * Runs a query that a constraint must reject and returns that constraint's name, so a test can
 * assert which guarantee held. Throws if the query succeeds or fails for another reason.
 */
export async function constraintViolatedBy(query: PromiseLike<unknown>): Promise<string> {
  try {
    await query;
  } catch (error) {
    const constraint = violatedConstraint(error);
    if (constraint) return constraint;
    throw error;
  }
  throw new Error("the query succeeded, but a constraint should have rejected it");
}
