import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ImportProblem } from "@bulwark/advisories";
import { BulwarkError, ERROR_CODES, type ErrorCode } from "@bulwark/core";
import type { AdvisoryDatabase, ImportSession, ImportSummary } from "@bulwark/db";
import type { ImportPlan } from "./import-inputs.ts";
import { readPreparedZip } from "./read-zip.ts";
import { CHUNK_RECORDS, type ZipJob, type ZipWorkerMessage } from "./zip-worker-protocol.ts";

/** The bundled reader thread, beside the bundled CLI. */
const WORKER_URL = new URL("./zip-worker.js", import.meta.url);

function feedInProcess(session: ImportSession, jobs: readonly ZipJob[]): void {
  for (const job of jobs) {
    const problems: ImportProblem[] = [];
    const ref = { source: job.source, location: job.path, full: true };
    session.addRecords(ref, []);
    for (const chunk of readPreparedZip(job.path, problems, CHUNK_RECORDS)) session.addRecords(ref, chunk);
    session.addProblems(problems);
  }
}

/** Messages a job produced, read by a reader thread or by this thread. */
type JobMessage = Exclude<ZipWorkerMessage, { type: "ready" }>;

function readJobHere(job: ZipJob): JobMessage[] {
  const problems: ImportProblem[] = [];
  const out: JobMessage[] = [];
  try {
    for (const records of readPreparedZip(job.path, problems, CHUNK_RECORDS)) {
      out.push({ type: "records", source: job.source, records });
    }
    out.push({ type: "done", source: job.source, problems });
  } catch (e) {
    if (!(e instanceof BulwarkError)) throw e;
    out.push({ type: "error", source: job.source, error: { code: e.code, message: e.message, hint: e.hint } });
  }
  return out;
}

/**
 * Read zips on a reader thread while this thread writes, in job order (so the summary
 * never depends on timing). The reader takes jobs from the front; whenever this thread
 * would otherwise wait, it reads a job from the back itself, so both cores stay busy
 * (measured: a second reader thread was slower on two cores than this).
 */
function feedFromWorker(session: ImportSession, jobs: readonly ZipJob[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // A larger young generation: parsing allocates many short-lived objects.
    const worker = new Worker(fileURLToPath(WORKER_URL), { resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    const pending: JobMessage[][] = jobs.map(() => []);
    const index = new Map(jobs.map((j, i) => [j.source, i]));
    let front = 0; // next job for the reader thread
    let back = jobs.length; // jobs at and after `back` are read here
    let current = 0; // next job to write
    let settled = false;
    let stealScheduled = false;
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      worker.removeAllListeners();
      void worker.terminate();
      if (err) reject(err);
      else resolve();
    };
    const apply = (m: JobMessage): boolean => {
      const ref = { source: m.source, location: jobs[index.get(m.source) ?? 0]?.path ?? m.source, full: true };
      if (m.type === "records") {
        session.addRecords(ref, m.records);
        return false;
      }
      if (m.type === "done") {
        session.addRecords(ref, []);
        session.addProblems(m.problems);
        return true;
      }
      const code = (m.error.code in ERROR_CODES ? m.error.code : "BULWARK_INTERNAL_UNEXPECTED") as ErrorCode;
      throw new BulwarkError(code, m.error.message, m.error.hint ? { hint: m.error.hint } : {});
    };
    const drain = () => {
      while (current < jobs.length) {
        const queue = pending[current]!;
        let jobDone = false;
        while (queue.length > 0 && !jobDone) jobDone = apply(queue.shift()!);
        if (jobDone) {
          current++;
          continue;
        }
        // Waiting on the reader thread: read a job from the back here meanwhile, one at a
        // time, yielding in between so records that arrived meanwhile are written first.
        // The job right after the reader's is left for the reader.
        if (current < front && front < back - 1 && !stealScheduled) {
          stealScheduled = true;
          setImmediate(() => {
            stealScheduled = false;
            if (settled || !(front < back - 1)) return;
            back--;
            try {
              pending[back] = readJobHere(jobs[back]!);
              drain();
            } catch (e) {
              finish(e);
            }
          });
        }
        return;
      }
      finish();
    };
    worker.on("message", (m: ZipWorkerMessage) => {
      try {
        if (m.type === "ready") {
          if (front < back) worker.postMessage(jobs[front++]);
          drain();
          return;
        }
        pending[index.get(m.source) ?? 0]!.push(m);
        drain();
      } catch (e) {
        finish(e);
      }
    });
    worker.on("error", (e) => finish(e));
    worker.on("exit", (code) => finish(new Error(`the zip reader thread exited early (code ${code})`)));
  });
}

/**
 * Run a planned import as one transaction. Export zips are read on a second thread while
 * this one writes, when the bundled reader thread is available; otherwise in process.
 */
export async function runImport(db: AdvisoryDatabase, plan: ImportPlan): Promise<ImportSummary> {
  const threaded = plan.zips.length > 0 && existsSync(fileURLToPath(WORKER_URL));
  const session = db.beginImport({ streaming: threaded });
  try {
    if (plan.zips.length > 0) {
      if (threaded) await feedFromWorker(session, plan.zips);
      else feedInProcess(session, plan.zips);
    }
    for (const src of plan.osv) session.addRecords(src, src.records);
    session.addProblems(plan.problems);
    if (plan.kev) session.setKev(plan.kev);
    if (plan.epss) session.setEpss(plan.epss);
    return session.commit();
  } catch (e) {
    session.rollback();
    throw e;
  }
}
