import { BulwarkError } from "@bulwark/core";
import type { ServerDb } from "../connect.ts";
import type { JobQueue } from "./types.ts";

/** How {@link openJobQueue} opens the queue. */
export interface OpenJobQueueOptions {
  /** PostgreSQL: the real `postgres://` URL (required there; the `ServerDb` keeps only a redacted one). */
  readonly databaseUrl?: string;
  /** SQLite: the clock for run times and cron ticks (pg-boss uses the database's clock). */
  readonly clock?: () => Date;
  /** How often idle workers look for due jobs (SQLite default 1000 ms; PostgreSQL default 2000, at least 500). */
  readonly pollIntervalMs?: number;
  /** SQLite: how long a claim lasts without its heartbeat, i.e. how soon a dead process's job is retried (default 60). */
  readonly lockSeconds?: number;
  /** PostgreSQL: a run longer than this is failed and retried, and a dead node's job waits this long (default 900). */
  readonly maxRunSeconds?: number;
  /** Errors of the queue's background loops (default: printed to stderr). */
  readonly onError?: (error: unknown) => void;
}

// Each implementation is imported when chosen: pg-boss and cron-parser (with luxon) stay out of
// the CLI's start-up, which bundles this package but never runs jobs.

/**
 * The server's job queue for `db`: the in-process SQLite queue on SQLite, pg-boss on PostgreSQL.
 * `db` must be migrated. Call `stop` before closing `db`.
 */
export async function openJobQueue(db: ServerDb, opts: OpenJobQueueOptions = {}): Promise<JobQueue> {
  if (db.dialect === "postgres") {
    if (opts.databaseUrl === undefined || opts.databaseUrl === "") {
      throw new BulwarkError(
        "BULWARK_CONFIG_INVALID",
        `the job queue on ${db.location} needs the database URL (pass databaseUrl to openJobQueue)`,
      );
    }
    const { PgBossJobQueue } = await import("./pg-boss-queue.ts");
    return PgBossJobQueue.open(db.kysely, { ...opts, databaseUrl: opts.databaseUrl });
  }
  const { SqliteJobQueue } = await import("./sqlite-queue.ts");
  return new SqliteJobQueue(db.kysely, opts);
}
