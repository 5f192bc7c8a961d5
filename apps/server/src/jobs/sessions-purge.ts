import { hostname } from "node:os";
import { appendAudit, type Job, type ServerDb, SessionRepository } from "@bulwark/db";

/** The name of the job that deletes ended browser sessions. */
export const SESSIONS_PURGE_JOB = "sessions.purge";

/**
 * Hourly, at minute 41 (UTC). Ended sessions are already refused at sign-in time; the purge only
 * keeps the table from growing, so once an hour is plenty, and minute 41 keeps it clear of the
 * knowledge-base sync's default 03:17.
 */
export const SESSIONS_PURGE_CRON = "41 * * * *";

/** This process, as job runs record it: several nodes may share one database. */
export function nodeName(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * Delete the sessions that have ended by either limit, and record the run in the audit log (one
 * `job.sessions.purge` entry naming the job, the attempt and the node), both in one transaction.
 * Idempotent: a repeated run deletes nothing more, and its own audit entry tells that it ran twice.
 */
export async function purgeSessions(
  db: ServerDb,
  job: Pick<Job, "id" | "attempt">,
  opts: { now: Date; node: string },
): Promise<number> {
  return db.kysely.transaction().execute(async (trx) => {
    const purged = await new SessionRepository(trx).purgeExpired(opts.now);
    await appendAudit(trx, {
      at: opts.now.toISOString(),
      action: `job.${SESSIONS_PURGE_JOB}`,
      objectType: "job",
      objectId: job.id,
      details: { job: job.id, attempt: job.attempt, node: opts.node, purged },
    });
    return purged;
  });
}
