import { ERROR_CODES, type ErrorCode, type ExitCode } from "./error-codes.ts";

/** Options for {@link BulwarkError}. */
export interface BulwarkErrorOptions {
  /** A hint for this occurrence; defaults to the registry's hint for the code. */
  hint?: string;
  /** Structured, non-secret details (file, line, id) for JSON output and logs. */
  details?: Record<string, unknown>;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * The one error type Bulwark throws on purpose. It carries a stable code from the
 * registry so callers (CLI, HTTP API) can render it without a stack trace.
 */
export class BulwarkError extends Error {
  /** The stable code, e.g. BULWARK_VERSION_INVALID. */
  readonly code: ErrorCode;
  /** What the user can do about it. */
  readonly hint: string;
  /** Structured details, safe to show to the user. */
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: BulwarkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "BulwarkError";
    this.code = code;
    this.hint = options.hint ?? ERROR_CODES[code].hint;
    this.details = options.details ?? {};
  }

  /** The CLI exit code for this error. */
  get exitCode(): ExitCode {
    return ERROR_CODES[this.code].exit;
  }
}

/** True when `e` is a {@link BulwarkError} (also across bundle copies, by shape). */
export function isBulwarkError(e: unknown): e is BulwarkError {
  return (
    e instanceof BulwarkError ||
    (typeof e === "object" &&
      e !== null &&
      (e as { name?: unknown }).name === "BulwarkError" &&
      typeof (e as { code?: unknown }).code === "string" &&
      (e as { code: string }).code in ERROR_CODES)
  );
}
