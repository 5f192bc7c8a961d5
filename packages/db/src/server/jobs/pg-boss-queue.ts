import { BulwarkError } from "@bulwark/core";
import { CompiledQuery, type Kysely, sql } from "kysely";
import PgBoss from "pg-boss";
import type { ServerSchema } from "../schema.ts";
import { assertCron } from "./cron.ts";
import { errorMessage } from "./sqlite-queue.ts";
import {
  checkedConcurrency,
  type DeadLetter,
  type EnqueueOptions,
  JOB_DEFAULTS,
  type JobHandler,
  type JobQueue,
  type JobStopOptions,
  type JobWorkOptions,
} from "./types.ts";

/** pg-boss's schema in the server's database. */
export const PG_BOSS_SCHEMA = "pgboss";

/** The suffix of the dead-letter queue pg-boss copies a job into after its last failed attempt. */
export const DEAD_LETTER_SUFFIX = "__dead";

/** How the PostgreSQL queue connects and polls. */
export interface PgBossJobQueueOptions {
  /** The real `postgres://` URL (the `ServerDb` keeps only a redacted one); pg-boss opens its own pool. */
  readonly databaseUrl: string;
  /** How often an idle worker polls (default 2000 ms, at least 500); enqueues here wake it at once. */
  readonly pollIntervalMs?: number;
  /**
   * A run longer than this is failed and retried (default 900 s, pg-boss's). It is also how long
   * a job whose node died stays active before pg-boss retries it.
   */
  readonly maxRunSeconds?: number;
  /** pg-boss's own pool size (default 4). */
  readonly poolSize?: number;
  /** Errors pg-boss reports from its background loops. */
  readonly onError?: (error: unknown) => void;
  /**
   * How often pg-boss checks the schedules and moves due ticks into their queues (its
   * `cronMonitorIntervalSeconds` 30 and `cronWorkerIntervalSeconds` 5 by default); 1 to 45.
   * Lowered by tests, which cannot wait minutes for a tick.
   */
  readonly cronCheckSeconds?: number;
}

/** The advisory lock (its text, hashed) that queue creations across nodes take turns under. */
const QUEUE_CREATION_LOCK = "bulwark.pgboss.create_queue";

/** pg-boss stores `data` as a JSON object; any payload is wrapped so strings, arrays and null survive. */
interface Wrapped {
  payload?: unknown;
}

/** pg-boss's `executeSql` over a Kysely connection, so pg-boss can write inside our transaction. */
function kyselyExecutor(db: Kysely<ServerSchema>): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as unknown[] };
    },
  };
}

function deadLetterError(output: unknown): string {
  // pg-boss stores the serialised Error ({ name, message, stack }), or { value } for other throws.
  if (output !== null && typeof output === "object") {
    const o = output as { message?: unknown; value?: unknown };
    if (typeof o.message === "string") return o.message;
    if (o.value !== undefined) return deadLetterError(o.value);
  }
  return errorMessage(output);
}

/**
 * PostgreSQL mode's job queue: an adapter over pg-boss 10, which keeps its jobs in the `pgboss`
 * schema of the server's database and hands each job to exactly one worker across all nodes
 * (`SELECT … FOR UPDATE SKIP LOCKED`). Each job name gets a pg-boss queue and a dead-letter queue.
 */
export class PgBossJobQueue implements JobQueue {
  readonly #boss: PgBoss;
  readonly #db: Kysely<ServerSchema>;
  readonly #pollSeconds: number;
  readonly #maxRunSeconds: number;
  readonly #queues = new Map<string, Promise<void>>();
  readonly #workerIds = new Map<string, string[]>();
  #stopping: Promise<void> | undefined;

  private constructor(boss: PgBoss, db: Kysely<ServerSchema>, pollSeconds: number, maxRunSeconds: number) {
    this.#boss = boss;
    this.#db = db;
    this.#pollSeconds = pollSeconds;
    this.#maxRunSeconds = maxRunSeconds;
  }

  /** Start pg-boss on the database (creating or migrating its schema). `db` is the same database. */
  static async open(db: Kysely<ServerSchema>, options: PgBossJobQueueOptions): Promise<PgBossJobQueue> {
    const boss = new PgBoss({
      connectionString: options.databaseUrl,
      schema: PG_BOSS_SCHEMA,
      max: options.poolSize ?? 4,
      application_name: "bulwark-jobs",
      ...(options.cronCheckSeconds !== undefined
        ? { cronMonitorIntervalSeconds: options.cronCheckSeconds, cronWorkerIntervalSeconds: options.cronCheckSeconds }
        : {}),
    });
    const onError = options.onError ?? ((e: unknown) => console.error("bulwark job queue:", e));
    boss.on("error", onError);
    try {
      await boss.start();
    } catch (e) {
      throw new BulwarkError("BULWARK_DB_OPEN_FAILED", `cannot start the job queue: ${(e as Error).message}`, {
        cause: e,
      });
    }
    const pollSeconds = Math.max(0.5, (options.pollIntervalMs ?? 2000) / 1000);
    return new PgBossJobQueue(boss, db, pollSeconds, options.maxRunSeconds ?? 900);
  }

  async enqueue(name: string, payload: unknown, opts: EnqueueOptions = {}): Promise<string | undefined> {
    this.#assertRunning();
    await this.#ensureQueue(name);
    const sendOptions: PgBoss.SendOptions = {
      retryLimit: opts.retryLimit ?? JOB_DEFAULTS.retryLimit,
      // pg-boss keeps whole seconds.
      retryDelay: Math.ceil(opts.retryDelaySeconds ?? JOB_DEFAULTS.retryDelaySeconds),
      retryBackoff: opts.retryBackoff ?? JOB_DEFAULTS.retryBackoff,
      expireInSeconds: this.#maxRunSeconds,
      ...(opts.startAfter !== undefined ? { startAfter: opts.startAfter } : {}),
      ...(opts.singletonKey !== undefined ? { singletonKey: opts.singletonKey } : {}),
    };
    const data: Wrapped = { payload: payload ?? null };
    const key = opts.singletonKey;
    const id =
      key === undefined
        ? await this.#boss.send(name, data, sendOptions)
        : await this.#sendSingleton(name, key, data, sendOptions);
    if (id === null) return undefined;
    for (const worker of this.#workerIds.get(name) ?? []) this.#boss.notifyWorker(worker);
    return id;
  }

  async work(name: string, handler: JobHandler, opts: JobWorkOptions = {}): Promise<void> {
    this.#assertRunning();
    const concurrency = checkedConcurrency(name, this.#workerIds.has(name), opts);
    await this.#ensureQueue(name);
    const ids: string[] = [];
    this.#workerIds.set(name, ids);
    // pg-boss 10 has no per-worker concurrency: each worker fetches one job at a time, so
    // `concurrency` workers run side by side.
    for (let i = 0; i < concurrency; i++) {
      let self: string | undefined;
      self = await this.#boss.work<Wrapped>(
        name,
        { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: this.#pollSeconds },
        async ([job]) => {
          if (job === undefined) return;
          try {
            await handler({ id: job.id, name: job.name, data: job.data?.payload ?? null, attempt: job.retryCount + 1 });
          } finally {
            // A worker sleeps a polling interval after every fetch; after a job, look for the next at once.
            if (self !== undefined) this.#boss.notifyWorker(self);
          }
        },
      );
      ids.push(self);
    }
  }

  async schedule(name: string, cron: string, payload?: unknown): Promise<void> {
    this.#assertRunning();
    assertCron(cron);
    await this.#ensureQueue(name);
    const data: Wrapped = { payload: payload ?? null };
    // pg-boss's cron monitor enqueues each tick once across nodes (a singleton per name and minute).
    await this.#boss.schedule(name, cron, data, {
      tz: "UTC",
      retryLimit: JOB_DEFAULTS.retryLimit,
      retryDelay: JOB_DEFAULTS.retryDelaySeconds,
      retryBackoff: JOB_DEFAULTS.retryBackoff,
      expireInSeconds: this.#maxRunSeconds,
    });
  }

  stop(opts: JobStopOptions = {}): Promise<void> {
    // After the timeout pg-boss fails the runs still going, which counts as an attempt and retries them.
    this.#stopping ??= this.#boss.stop({
      graceful: opts.graceful ?? true,
      timeout: opts.timeoutMs ?? 30_000,
      wait: true,
      close: true,
    });
    return this.#stopping;
  }

  async deadLetters(name?: string): Promise<DeadLetter[]> {
    // The failed jobs themselves (not their dead-letter copies, which get new ids): live ones,
    // then archived ones, until pg-boss deletes the archive (7 days after archiving by default).
    const byName = name === undefined ? sql`` : sql`AND name = ${name}`;
    const select = (table: string) => sql`
      SELECT id::text AS id, name, data, output, retry_count, completed_on
      FROM ${sql.table(`${PG_BOSS_SCHEMA}.${table}`)}
      WHERE state = 'failed' AND NOT starts_with(name, '__pgboss__') ${byName}`;
    const { rows } = await sql<{
      id: string;
      name: string;
      data: Wrapped | null;
      output: unknown;
      retry_count: number;
    }>`${select("job")} UNION ALL ${select("archive")} ORDER BY completed_on, id`.execute(this.#db);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      data: r.data?.payload ?? null,
      error: deadLetterError(r.output),
      attempts: Number(r.retry_count) + 1,
    }));
  }

  #assertRunning(): void {
    if (this.#stopping !== undefined) {
      throw new BulwarkError("BULWARK_INTERNAL_UNEXPECTED", "the job queue has been stopped");
    }
  }

  /**
   * Create the job's queue and its dead-letter queue once per process (a no-op when they exist).
   * pg-boss creates a new queue's partition with DDL that deadlocks against a queue being created
   * on another connection at the same moment (two nodes starting together on a fresh database, or
   * after an upgrade that adds a job), so creations take turns under an advisory lock. Our
   * connection only holds the lock; pg-boss does the work on its own.
   */
  #ensureQueue(name: string): Promise<void> {
    let made = this.#queues.get(name);
    if (made === undefined) {
      made = this.#db.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(hashtext(${QUEUE_CREATION_LOCK}))`.execute(trx);
        const dead = `${name}${DEAD_LETTER_SUFFIX}`;
        await this.#boss.createQueue(dead, { name: dead });
        await this.#boss.createQueue(name, {
          name,
          deadLetter: dead,
          retryLimit: JOB_DEFAULTS.retryLimit,
          retryDelay: JOB_DEFAULTS.retryDelaySeconds,
          retryBackoff: JOB_DEFAULTS.retryBackoff,
          expireInSeconds: this.#maxRunSeconds,
        });
      });
      made.catch(() => this.#queues.delete(name));
      this.#queues.set(name, made);
    }
    return made;
  }

  /**
   * pg-boss 10 dedupes singleton keys only through queue policies that also restrict jobs without
   * a key, so the check is ours: under a transaction-scoped advisory lock on (name, key), look for
   * a queued job with the key and insert only if there is none, pg-boss writing in our transaction.
   */
  async #sendSingleton(name: string, key: string, data: Wrapped, options: PgBoss.SendOptions): Promise<string | null> {
    return this.#db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext(${name}), hashtext(${key}))`.execute(trx);
      const queued = await sql`
        SELECT 1 FROM ${sql.table(`${PG_BOSS_SCHEMA}.job`)}
        WHERE name = ${name} AND singleton_key = ${key} AND state IN ('created', 'retry')
        LIMIT 1`.execute(trx);
      if (queued.rows.length > 0) return null;
      return this.#boss.send(name, data, { ...options, db: kyselyExecutor(trx) });
    });
  }
}
