import type { ErrorCode } from "@bulwark/core";

/** Something an importer skipped, with where and why. Imports go on past problems. */
export interface ImportProblem {
  /** The file (and zip entry, `all.zip!ID.json`) the problem is in. */
  readonly location: string;
  /** Stable error code. */
  readonly code: ErrorCode;
  /** Why it was skipped. */
  readonly reason: string;
}
