import type { JobsLogger } from "./jobs-logger";

export interface LogLine {
  level: "info" | "warn" | "error";
  details: object;
  message: string;
}

/** A JobsLogger that keeps its lines, so tests can assert what the jobs reported. */
export function recordingLogger(): JobsLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (details, message) => lines.push({ level: "info", details, message }),
    warn: (details, message) => lines.push({ level: "warn", details, message }),
    error: (details, message) => lines.push({ level: "error", details, message }),
  };
}
