import { createHash, randomUUID } from "node:crypto";
import { BulwarkError } from "@bulwark/core";
import { type Kysely, sql } from "kysely";
import type { JobsTable, ServerSchema } from "../schema.ts";
import { assertCron, latestTick } from "./cron.ts";
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

/** How the SQLite queue polls and locks. */
export interface SqliteJobQueueOptions {
  /** The clock for run times, locks and cron ticks (default: the system clock). */
  readonly clock?: () => Date;
  /** How often due jobs and schedules are looked for (default 1000 ms); enqueues here wake it at once. */
  readonly pollIntervalMs?: number;
  /**
   * How long a claim lasts (default 60 s). A running handler renews it every third of that; a job
   * whose process died is claimed again once it has passed.
   */
  readonly lockSeconds?: number;
  /** Errors of the background loop (a failed poll, a failed write after a run). */
  readonly onError?: (error: unknown) => void;
}

interface Registration {
  readonly handler: JobHandler;
  readonly concurrency: number;
  running: number;
}

interface Schedule {
  readonly cron: string;
  readonly payload: string;
}

/** Backoff exponents stop growing here (as pg-boss's do), so delays stay finite. */
const MAX_BACKOFF_EXPONENT = 16;

/** Completed jobs are kept this long (dead ones until someone deletes them). */
const KEEP_COMPLETED_MS = 7 * 24 * 3600 * 1000;
const PURGE_EVERY_MS = 3600 * 1000;

/** The id of the job a schedule enqueues for one tick: a UUID (version 8) from a hash of both. */
export function tickJobId(name: string, tick: string): string {
  const h = createHash("sha256").update(`${name}\n${tick}`).digest("hex");
  const variant = ((Number.parseInt(h[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The message kept for a failed attempt. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === "string") return e;
  try {
    return JSON.stringify(e) ?? String(e);
  } catch {
    return String(e);
  }
}

/** Delay before the retry that follows attempt `attempt` (1-based). */
export function retryDelayMs(row: Pick<JobsTable, "retry_delay" | "backoff">, attempt: number): number {
  const base = row.retry_delay * 1000;
  if (row.backoff === 0) return base;
  return base * 2 ** Math.min(MAX_BACKOFF_EXPONENT, attempt - 1);
}

/**
 * Insert a job unless its singleton key is already queued or its id exists. One statement, so the
 * check and the insert hold SQLite's write lock together even when several processes share the file.
 */
async function insertJob(db: Kysely<ServerSchema>, row: JobsTable): Promise<boolean> {
  const result = await sql`
    INSERT INTO jobs (id, name, data, state, attempts, retry_limit, retry_delay, backoff, run_after,
      singleton_key, locked_by, locked_until, last_error, created_at, updated_at)
    SELECT ${row.id}, ${row.name}, ${row.data}, ${row.state}, ${row.attempts}, ${row.retry_limit},
      ${row.retry_delay}, ${row.backoff}, ${row.run_after}, ${row.singleton_key}, NULL, NULL, NULL,
      ${row.created_at}, ${row.updated_at}
    WHERE ${row.singleton_key} IS NULL OR NOT EXISTS (
      SELECT 1 FROM jobs WHERE name = ${row.name} AND singleton_key = ${row.singleton_key} AND state = 'queued'
    )
    ON CONFLICT (id) DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0) === 1;
}

function nonNegative(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new BulwarkError("BULWARK_CONFIG_INVALID", `${what} must be a number ≥ 0 (got ${value})`);
  }
  return value;
}

/**
 * SQLite mode's job queue: jobs persisted in the server database's `jobs` table through the
 * server's own Kysely connection, run by an in-process worker. Claims are single UPDATE
 * statements, atomic under SQLite's write lock, so several processes on one file never run a job
 * twice while its lock holds; a claim whose lock passed (its process died) is taken over.
 */
export class SqliteJobQueue implements JobQueue {
  readonly #db: Kysely<ServerSchema>;
  readonly #now: () => Date;
  readonly #pollMs: number;
  readonly #lockMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #workers = new Map<string, Registration>();
  readonly #schedules = new Map<string, Schedule>();
  readonly #inFlight = new Set<Promise<void>>();
  /** Runs whose heartbeats stop at `stop`, so their locks expire and another process may retry them. */
  readonly #heartbeats = new Set<NodeJS.Timeout>();
  #timer: NodeJS.Timeout | undefined;
  #pump: Promise<void> | undefined;
  #pumpAgain = false;
  #stopping: Promise<void> | undefined;
  #purgedAt = Number.NEGATIVE_INFINITY;

  /** Start polling `db` (migrated to at least 0003-jobs). */
  constructor(db: Kysely<ServerSchema>, options: SqliteJobQueueOptions = {}) {
    this.#db = db;
    this.#now = options.clock ?? (() => new Date());
    this.#pollMs = nonNegative(options.pollIntervalMs ?? 1000, "pollIntervalMs");
    this.#lockMs = nonNegative(options.lockSeconds ?? 60, "lockSeconds") * 1000;
    this.#onError = options.onError ?? ((e) => console.error("bulwark job queue:", e));
    this.#timer = setInterval(() => this.#wake(), Math.max(this.#pollMs, 10));
    this.#timer.unref();
  }

  async enqueue(name: string, payload: unknown, opts: EnqueueOptions = {}): Promise<string | undefined> {
    this.#assertRunning();
    const id = randomUUID();
    const now = this.#now().toISOString();
    const inserted = await insertJob(this.#db, {
      id,
      name,
      data: JSON.stringify(payload ?? null),
      state: "queued",
      attempts: 0,
      retry_limit: nonNegative(opts.retryLimit ?? JOB_DEFAULTS.retryLimit, "retryLimit"),
      retry_delay: nonNegative(opts.retryDelaySeconds ?? JOB_DEFAULTS.retryDelaySeconds, "retryDelaySeconds"),
      backoff: (opts.retryBackoff ?? JOB_DEFAULTS.retryBackoff) ? 1 : 0,
      run_after: opts.startAfter?.toISOString() ?? now,
      singleton_key: opts.singletonKey ?? null,
      locked_by: null,
      locked_until: null,
      last_error: null,
      created_at: now,
      updated_at: now,
    });
    if (!inserted) return undefined;
    this.#wake();
    return id;
  }

  async work(name: string, handler: JobHandler, opts: JobWorkOptions = {}): Promise<void> {
    this.#assertRunning();
    const concurrency = checkedConcurrency(name, this.#workers.has(name), opts);
    this.#workers.set(name, { handler, concurrency, running: 0 });
    this.#wake();
  }

  async schedule(name: string, cron: string, payload?: unknown): Promise<void> {
    this.#assertRunning();
    assertCron(cron);
    const now = this.#now();
    const json = JSON.stringify(payload ?? null);
    // A new or changed expression starts at the current tick (no run for a tick already past);
    // re-registering the same one at every start keeps its last tick, so a missed tick still runs.
    const tick = latestTick(cron, now).toISOString();
    await this.#db
      .insertInto("job_schedules")
      .values({ name, cron, payload: json, last_tick: tick, updated_at: now.toISOString() })
      .onConflict((oc) =>
        oc.column("name").doUpdateSet({
          payload: json,
          updated_at: now.toISOString(),
          last_tick: sql<
            string | null
          >`CASE WHEN job_schedules.cron = excluded.cron THEN job_schedules.last_tick ELSE excluded.last_tick END`,
          cron,
        }),
      )
      .execute();
    this.#schedules.set(name, { cron, payload: json });
    this.#wake();
  }

  stop(opts: JobStopOptions = {}): Promise<void> {
    this.#stopping ??= this.#stop(opts.graceful ?? true, opts.timeoutMs ?? 30_000);
    return this.#stopping;
  }

  async deadLetters(name?: string): Promise<DeadLetter[]> {
    let q = this.#db.selectFrom("jobs").selectAll().where("state", "=", "dead");
    if (name !== undefined) q = q.where("name", "=", name);
    const rows = await q.orderBy("updated_at").orderBy("id").execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      data: JSON.parse(r.data) as unknown,
      error: r.last_error ?? "",
      attempts: Number(r.attempts),
    }));
  }

  async #stop(graceful: boolean, timeoutMs: number): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    // A claim under way finishes and its run is counted in #inFlight before we look at it.
    await this.#pump;
    if (graceful && this.#inFlight.size > 0) {
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.#inFlight]),
        new Promise<void>((resolve) => {
          timeout = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timeout);
    }
    // Runs still going lose their heartbeat: their locks expire and another process retries them.
    for (const hb of this.#heartbeats) clearInterval(hb);
    this.#heartbeats.clear();
  }

  #assertRunning(): void {
    if (this.#stopping !== undefined) {
      throw new BulwarkError("BULWARK_INTERNAL_UNEXPECTED", "the job queue has been stopped");
    }
  }

  /** Look for work now; a pass under way runs once more instead of overlapping. */
  #wake(): void {
    if (this.#stopping !== undefined) return;
    if (this.#pump !== undefined) {
      this.#pumpAgain = true;
      return;
    }
    this.#pump = (async () => {
      try {
        do {
          this.#pumpAgain = false;
          await this.#pass();
        } while (this.#pumpAgain && this.#stopping === undefined);
      } catch (e) {
        this.#onError(e);
      } finally {
        this.#pump = undefined;
      }
    })();
  }

  async #pass(): Promise<void> {
    await this.#purge();
    for (const [name, schedule] of this.#schedules) await this.#fireSchedule(name, schedule);
    for (const [name, reg] of this.#workers) {
      while (reg.running < reg.concurrency && this.#stopping === undefined) {
        const row = await this.#claim(name);
        if (row === undefined) break;
        this.#start(reg, row);
      }
    }
  }

  /**
   * Enqueue the schedule's latest tick unless it was. The job's id is derived from the name and
   * the tick, so instances racing for one tick (or a process that died between the two writes)
   * insert it once; no transaction is held open, which two connections in one process could not
   * share (better-sqlite3 waits for a lock synchronously).
   */
  async #fireSchedule(name: string, schedule: Schedule): Promise<void> {
    const now = this.#now();
    const tick = latestTick(schedule.cron, now).toISOString();
    const stored = await this.#db
      .selectFrom("job_schedules")
      .select(["cron", "last_tick"])
      .where("name", "=", name)
      .executeTakeFirst();
    if (stored === undefined || stored.cron !== schedule.cron) return;
    if (stored.last_tick !== null && stored.last_tick >= tick) return;
    const iso = now.toISOString();
    await insertJob(this.#db, {
      id: tickJobId(name, tick),
      name,
      data: schedule.payload,
      state: "queued",
      attempts: 0,
      retry_limit: JOB_DEFAULTS.retryLimit,
      retry_delay: JOB_DEFAULTS.retryDelaySeconds,
      backoff: JOB_DEFAULTS.retryBackoff ? 1 : 0,
      run_after: iso,
      singleton_key: null,
      locked_by: null,
      locked_until: null,
      last_error: null,
      created_at: iso,
      updated_at: iso,
    });
    await this.#db
      .updateTable("job_schedules")
      .set({ last_tick: tick })
      .where("name", "=", name)
      .where((eb) => eb.or([eb("last_tick", "is", null), eb("last_tick", "<", tick)]))
      .execute();
  }

  /** Delete completed jobs older than {@link KEEP_COMPLETED_MS}, at most once an hour. */
  async #purge(): Promise<void> {
    const now = this.#now().getTime();
    if (now - this.#purgedAt < PURGE_EVERY_MS) return;
    this.#purgedAt = now;
    await this.#db
      .deleteFrom("jobs")
      .where("state", "=", "completed")
      .where("updated_at", "<", new Date(now - KEEP_COMPLETED_MS).toISOString())
      .execute();
  }

  /** Take the next due job of `name`, or one whose worker's lock has expired. */
  async #claim(name: string): Promise<JobsTable | undefined> {
    const now = this.#now();
    const iso = now.toISOString();
    const token = randomUUID();
    const row = await this.#db
      .updateTable("jobs")
      .set((eb) => ({
        state: "active",
        attempts: eb("attempts", "+", 1),
        locked_by: token,
        locked_until: new Date(now.getTime() + this.#lockMs).toISOString(),
        updated_at: iso,
      }))
      .where("id", "in", (eb) =>
        eb
          .selectFrom("jobs")
          .select("id")
          .where("name", "=", name)
          .where((w) =>
            w.or([
              w.and([w("state", "=", "queued"), w("run_after", "<=", iso)]),
              w.and([w("state", "=", "active"), w("locked_until", "<=", iso)]),
            ]),
          )
          .orderBy("run_after")
          .orderBy("created_at")
          .limit(1),
      )
      .returningAll()
      .executeTakeFirst();
    if (row === undefined) return undefined;
    if (Number(row.attempts) > Number(row.retry_limit) + 1) {
      // Taken over from a lost worker with no attempt left: a job that kills its process must not loop.
      await this.#finish(row, {
        state: "dead",
        last_error: `its worker stopped during attempt ${Number(row.attempts) - 1} and no retry is left`,
      });
      return this.#claim(name);
    }
    return row;
  }

  #start(reg: Registration, row: JobsTable): void {
    reg.running++;
    const run = this.#run(reg.handler, row).finally(() => {
      reg.running--;
      this.#inFlight.delete(run);
      this.#wake();
    });
    this.#inFlight.add(run);
  }

  async #run(handler: JobHandler, row: JobsTable): Promise<void> {
    const attempt = Number(row.attempts);
    const heartbeat = setInterval(
      () => {
        const until = new Date(this.#now().getTime() + this.#lockMs).toISOString();
        this.#db
          .updateTable("jobs")
          .set({ locked_until: until })
          .where("id", "=", row.id)
          .where("locked_by", "=", row.locked_by ?? "")
          .execute()
          .catch((e: unknown) => this.#onError(e));
      },
      Math.max(this.#lockMs / 3, 10),
    );
    heartbeat.unref();
    this.#heartbeats.add(heartbeat);
    let failure: { error: unknown } | undefined;
    try {
      await handler({ id: row.id, name: row.name, data: JSON.parse(row.data) as unknown, attempt });
    } catch (error) {
      failure = { error };
    } finally {
      clearInterval(heartbeat);
      this.#heartbeats.delete(heartbeat);
    }
    try {
      if (failure === undefined) {
        await this.#finish(row, { state: "completed", last_error: null });
      } else if (attempt <= Number(row.retry_limit)) {
        const runAfter = new Date(this.#now().getTime() + retryDelayMs(row, attempt)).toISOString();
        await this.#finish(row, { state: "queued", run_after: runAfter, last_error: errorMessage(failure.error) });
      } else {
        await this.#finish(row, { state: "dead", last_error: errorMessage(failure.error) });
      }
    } catch (e) {
      this.#onError(e);
    }
  }

  /** End a run, unless its claim was taken over meanwhile (then the new holder decides). */
  async #finish(
    row: JobsTable,
    change: { state: string; last_error: string | null; run_after?: string },
  ): Promise<void> {
    await this.#db
      .updateTable("jobs")
      .set({ ...change, locked_by: null, locked_until: null, updated_at: this.#now().toISOString() })
      .where("id", "=", row.id)
      .where("locked_by", "=", row.locked_by ?? "")
      .where("state", "=", "active")
      .execute();
  }
}
