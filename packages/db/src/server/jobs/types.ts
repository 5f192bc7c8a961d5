import { BulwarkError } from "@bulwark/core";
/** How one enqueued job is run and retried. */
export interface EnqueueOptions {
  /**
   * While a job of the same name with this key is queued (waiting for its first run or for a
   * retry), enqueueing another is a no-op that returns `undefined`. A running job does not count:
   * work that changed after a run started still gets its own run.
   */
  readonly singletonKey?: string;
  /** Not before this time. */
  readonly startAfter?: Date;
  /** Retries after the first attempt (default {@link JOB_DEFAULTS}): at most `retryLimit + 1` runs. */
  readonly retryLimit?: number;
  /** Seconds before the first retry. */
  readonly retryDelaySeconds?: number;
  /** Double the delay at each further retry. */
  readonly retryBackoff?: boolean;
}

/** What a handler is given. `attempt` is 1 on the first run, 2 on the first retry, … */
export interface Job {
  readonly id: string;
  readonly name: string;
  /** The payload as enqueued, through JSON (`undefined` becomes `null`). */
  readonly data: unknown;
  readonly attempt: number;
}

/** Runs one job. Throwing (or rejecting) fails the attempt; the error's message is kept. */
export type JobHandler = (job: Job) => Promise<void>;

/** How a worker runs. */
export interface JobWorkOptions {
  /** Jobs of this name run at once in this process (default 1). */
  readonly concurrency?: number;
}

/** How the queue stops. */
export interface JobStopOptions {
  /** Wait for running handlers (default true); else return at once. */
  readonly graceful?: boolean;
  /** How long a graceful stop waits (default 30 000 ms). */
  readonly timeoutMs?: number;
}

/** A job that failed every allowed attempt. */
export interface DeadLetter {
  readonly id: string;
  readonly name: string;
  readonly data: unknown;
  /** The message of the last attempt's error. */
  readonly error: string;
  readonly attempts: number;
}

/** The retry policy a job gets when its enqueue does not say. */
export const JOB_DEFAULTS = {
  retryLimit: 3,
  retryDelaySeconds: 30,
  retryBackoff: true,
} as const;

/**
 * The server's background jobs: one port, two implementations (an in-process queue kept in the
 * SQLite database, pg-boss on PostgreSQL), chosen by `openJobQueue`.
 *
 * Delivery is **at least once**. A job whose process dies mid-run, whose run outlives its lock
 * (SQLite) or expiry (pg-boss), or whose graceful stop timed out is run again, possibly while the
 * first run is still going. Handlers must therefore be idempotent: writing the same result twice
 * must be harmless (upserts keyed by the job's subject, not inserts; checks before side effects).
 * A job is never lost once `enqueue` has resolved.
 */
export interface JobQueue {
  /**
   * Persist a job. Resolves to its id, or `undefined` when `singletonKey` matched a queued job.
   * The payload must survive `JSON.stringify`.
   */
  enqueue(name: string, payload: unknown, opts?: EnqueueOptions): Promise<string | undefined>;
  /** Run jobs of `name` in this process until {@link JobQueue.stop}. Register once per name. */
  work(name: string, handler: JobHandler, opts?: JobWorkOptions): Promise<void>;
  /**
   * Enqueue a `name` job with `payload` at every tick of a 5-field cron expression (UTC, minute
   * resolution), once per tick however many nodes register the same schedule. Calling it again
   * replaces the expression and payload.
   */
  schedule(name: string, cron: string, payload?: unknown): Promise<void>;
  /** Stop taking jobs; see {@link JobStopOptions}. Handlers still running after a timeout are retried later. */
  stop(opts?: JobStopOptions): Promise<void>;
  /** Jobs that failed every attempt, oldest first, of one name or of all. */
  deadLetters(name?: string): Promise<DeadLetter[]>;
}

/** The concurrency `work` asked for, checked (an integer ≥ 1; default 1), and no second worker per name. */
export function checkedConcurrency(name: string, alreadyRegistered: boolean, opts: JobWorkOptions): number {
  if (alreadyRegistered) {
    throw new BulwarkError("BULWARK_CONFIG_INVALID", `a worker for job "${name}" is already registered`);
  }
  const concurrency = opts.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new BulwarkError("BULWARK_CONFIG_INVALID", `concurrency must be an integer ≥ 1 (got ${concurrency})`);
  }
  return concurrency;
}
