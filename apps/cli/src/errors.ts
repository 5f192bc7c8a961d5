import { BulwarkError, ERROR_CODES, EXIT, isBulwarkError } from "@bulwark/core";

/** Print an error the way every command does: `error[CODE]: message` and a hint; a stack only with --debug. */
export function reportError(
  e: unknown,
  debug: boolean,
  write: (s: string) => void = (s) => process.stderr.write(s),
): number {
  if (isBulwarkError(e)) {
    write(`error[${e.code}]: ${e.message}\n  hint: ${e.hint}\n`);
    if (debug && e.stack) write(`${e.stack}\n`);
    return ERROR_CODES[e.code].exit;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  const info = ERROR_CODES.BULWARK_INTERNAL_UNEXPECTED;
  write(`error[BULWARK_INTERNAL_UNEXPECTED]: ${err.message}\n  hint: ${info.hint}\n`);
  if (debug && err.stack) write(`${err.stack}\n`);
  return EXIT.internal;
}

/** A usage error (bad flag value, missing argument) with the CLI's code. */
export function usageError(message: string, hint?: string): BulwarkError {
  return new BulwarkError("BULWARK_CLI_USAGE", message, hint === undefined ? {} : { hint });
}

/** Ends a command with an exit code and no message: the command already said what it had to. */
export class CommandExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}
