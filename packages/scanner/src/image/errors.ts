import { BulwarkError, isBulwarkError } from "@bulwark/core";

/** The image's manifests, config or blobs are missing or malformed. */
export function imageInvalid(message: string, details: Record<string, unknown> = {}, hint?: string): BulwarkError {
  return new BulwarkError("BULWARK_IMAGE_INVALID", message, hint === undefined ? { details } : { details, hint });
}

/** A tar or gzip stream is corrupt or truncated. */
export function archiveInvalid(message: string, details: Record<string, unknown> = {}): BulwarkError {
  return new BulwarkError("BULWARK_ARCHIVE_INVALID", message, { details });
}

/** An entry would escape the root or is otherwise refused. */
export function archiveUnsafe(message: string, details: Record<string, unknown> = {}): BulwarkError {
  return new BulwarkError("BULWARK_ARCHIVE_UNSAFE", message, { details });
}

/** A safety limit was exceeded. */
export function archiveLimit(message: string, details: Record<string, unknown> = {}): BulwarkError {
  return new BulwarkError("BULWARK_ARCHIVE_LIMIT", message, { details });
}

/**
 * Turns a stream failure into a coded error: our own errors pass through, anything from
 * zlib or the tar parser means the bytes are corrupt or cut short.
 */
export function asArchiveError(error: unknown, what: string): BulwarkError {
  if (isBulwarkError(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new BulwarkError("BULWARK_ARCHIVE_INVALID", `${what} is corrupt or truncated: ${reason}`, {
    details: { archive: what },
    cause: error,
  });
}
