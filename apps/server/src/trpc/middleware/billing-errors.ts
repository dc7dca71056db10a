import { isBillingError } from "@tally/billing";
import { fromBillingError } from "../errors";

/**
 * Runs a call into the billing package, turning its refusals (a period that has not ended,
 * Stripe not configured) into the tRPC code that names them, as init.ts does for the metering
 * engine's errors. Anything else stays the error it is.
 */
export async function mapBillingErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw isBillingError(error) ? fromBillingError(error) : error;
  }
}
