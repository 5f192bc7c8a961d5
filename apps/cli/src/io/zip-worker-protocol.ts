import type { ImportProblem, PreparedOsvRecord } from "@bulwark/advisories";

/** A job for the zip reader thread: read and prepare one export zip. */
export interface ZipJob {
  readonly path: string;
  readonly source: string;
}

/** What the zip reader thread sends back: `ready` when it wants a job, then per job, in order. */
export type ZipWorkerMessage =
  | { readonly type: "ready" }
  | { readonly type: "records"; readonly source: string; readonly records: PreparedOsvRecord[] }
  | { readonly type: "done"; readonly source: string; readonly problems: ImportProblem[] }
  | {
      readonly type: "error";
      readonly source: string;
      readonly error: { code: string; message: string; hint?: string; details?: Record<string, unknown> };
    };

/** Records per message: large enough to amortise messaging, small enough to overlap work. */
export const CHUNK_RECORDS = 1000;
