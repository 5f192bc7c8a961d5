// The zip reader thread: inflates, parses, validates and prepares export zips while the
// main thread writes to SQLite, so an import uses both cores.
import { parentPort } from "node:worker_threads";
import type { ImportProblem } from "@bulwark/advisories";
import { isBulwarkError } from "@bulwark/core";
import { packChunk, readPreparedZip } from "./read-zip.ts";
import { CHUNK_RECORDS, type ZipJob, type ZipWorkerMessage } from "./zip-worker-protocol.ts";

const port = parentPort;
if (port) {
  port.on("message", (job: ZipJob) => {
    const problems: ImportProblem[] = [];
    try {
      for (const records of readPreparedZip(job.path, problems, CHUNK_RECORDS)) {
        const buffer = packChunk(records);
        port.postMessage({ type: "records", source: job.source, records } satisfies ZipWorkerMessage, [buffer]);
      }
      port.postMessage({ type: "done", source: job.source, problems } satisfies ZipWorkerMessage);
    } catch (e) {
      const error = isBulwarkError(e)
        ? { code: e.code, message: e.message, hint: e.hint, details: e.details }
        : { code: "BULWARK_INTERNAL_UNEXPECTED", message: (e as Error).message ?? String(e) };
      port.postMessage({ type: "error", source: job.source, error } satisfies ZipWorkerMessage);
    }
    port.postMessage({ type: "ready" } satisfies ZipWorkerMessage);
  });
  port.postMessage({ type: "ready" } satisfies ZipWorkerMessage);
}
