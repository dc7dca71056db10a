import { z } from "zod";

/**
 * A usage quantity: a positive whole number of the meter's stored unit, small enough that no
 * counter can overflow a safe integer. Negative, zero, fractional, NaN, infinite, enormous and
 * non-numeric values are refused here, before anything is counted.
 */
export const quantityInput = z
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .positive("must be at least 1")
  .max(1_000_000_000, "must be at most 1000000000");

/** A caller's key for exactly-once counting of one event. */
export const idempotencyKeyInput = z.string().trim().min(1).max(200);

export const meterInput = z.string().min(1).max(100);
