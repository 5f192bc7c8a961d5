import type { ImportProblem } from "@bulwark/advisories";
import type { ImportSummary, OsvSourceImport, ServerDb } from "@bulwark/db";
import type { ImportPlan } from "./import-inputs.ts";
import { readPreparedZip } from "./read-zip.ts";
import { CHUNK_RECORDS } from "./zip-worker-protocol.ts";

/**
 * Import a planned set of inputs into a clearinghouse server's knowledge base (SQLite or
 * PostgreSQL): the same inputs, checks and rules as the CLI database, in one transaction.
 * Zips are read here, in order, before the transaction opens, so readers of a running server
 * wait only for the write.
 */
export async function runServerImport(db: ServerDb, plan: ImportPlan, now: Date): Promise<ImportSummary> {
  const { importIntoKnowledgeBase } = await import("@bulwark/db");
  const problems: ImportProblem[] = [...plan.problems];
  const osv: OsvSourceImport[] = [...plan.osv];
  for (const job of plan.zips) {
    const records = [];
    for (const chunk of readPreparedZip(job.path, problems, CHUNK_RECORDS)) records.push(...chunk);
    osv.push({ source: job.source, location: job.path, full: true, records });
  }
  return importIntoKnowledgeBase(
    db,
    {
      osv,
      problems,
      ...(plan.kev !== undefined && { kev: plan.kev }),
      ...(plan.epss !== undefined && { epss: plan.epss }),
    },
    now,
  );
}
