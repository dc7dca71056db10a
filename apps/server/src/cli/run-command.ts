import { CliUsageError } from "./cli-args";

/** One line of a command's summary, on stdout (logs go to stderr). */
export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/**
 * Runs a billing command and sets its exit code: `main`'s own code when it finishes, else 2, with
 * the usage text after a usage error and the command's name before any other failure.
 */
export function runCommand(name: string, usage: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(
        error instanceof CliUsageError
          ? `${message}\n\n${usage}\n`
          : `${name} failed: ${message}\n`,
      );
      process.exitCode = 2;
    },
  );
}
