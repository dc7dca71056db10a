import pino from "pino";

export type Logger = pino.Logger;

/** One JSON line per event on stdout; limit decisions and request errors are logged through it. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: "tally" } });
}
