import { BulwarkError } from "@bulwark/core";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openServerDb, type ServerDb } from "../connect.ts";
import { migrateServerDb } from "../migrate.ts";
import { type TestServerDb, testDialects } from "../testing.ts";
import { type OpenJobQueueOptions, openJobQueue } from "./open-queue.ts";
import { PgBossJobQueue } from "./pg-boss-queue.ts";
import type { Job, JobQueue } from "./types.ts";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolve once `check` holds, polling; fail after `timeoutMs`. */
async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** A promise and its resolver, to hold a handler until the test lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe.each(testDialects())("job queue on $name", (dialect) => {
  const pg = dialect.name === "postgres";
  // pg-boss polls at least every 500 ms and keeps retry delays in whole seconds.
  const poll = pg ? 500 : 20;
  const delayS = pg ? 1 : 0.2;
  /** How long to keep watching for a duplicate run after the expected ones. */
  const settle = pg ? 1500 : 200;

  let db: TestServerDb;
  let extraDbs: ServerDb[];
  let queues: JobQueue[];
  let errors: unknown[];

  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
    extraDbs = [];
    queues = [];
    errors = [];
  });
  afterEach(async () => {
    for (const q of queues) await q.stop({ graceful: false });
    for (const d of extraDbs) await d.close();
    await db.dispose();
    // Nothing went wrong in the background.
    expect(errors).toEqual([]);
  });

  async function open(target: ServerDb = db, opts: OpenJobQueueOptions = {}): Promise<JobQueue> {
    const q = await openJobQueue(target, {
      databaseUrl: db.url,
      pollIntervalMs: poll,
      onError: (e) => errors.push(e),
      ...opts,
    });
    queues.push(q);
    return q;
  }

  /** A second, independent connection to the same database (another node). */
  function secondConnection(): ServerDb {
    const other = pg ? openServerDb({ databaseUrl: db.url, poolSize: 4 }) : openServerDb({ dataDir: db.dataDir });
    extraDbs.push(other);
    return other;
  }

  /** The state of a job as its store has it. */
  async function stateOf(id: string): Promise<string | undefined> {
    if (pg) {
      const { rows } = await sql<{ state: string }>`SELECT state FROM pgboss.job WHERE id = ${id}::uuid`.execute(
        db.kysely,
      );
      return rows[0]?.state;
    }
    const row = await db.kysely.selectFrom("jobs").select("state").where("id", "=", id).executeTakeFirst();
    return row?.state;
  }

  it("runs a job once, with its payload", async () => {
    const q = await open();
    const runs: Job[] = [];
    await q.work("mail.send", async (job) => {
      runs.push(job);
    });
    const id = await q.enqueue("mail.send", { to: "a@example.org", n: 1 });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor("the run", () => runs.length === 1);
    await sleep(settle);
    expect(runs).toEqual([{ id, name: "mail.send", data: { to: "a@example.org", n: 1 }, attempt: 1 }]);
    await waitFor("completion", async () => (await stateOf(id as string)) === "completed");
    expect(await q.deadLetters()).toEqual([]);
  });

  it("carries any JSON payload", async () => {
    const q = await open();
    const seen = new Map<string, unknown>();
    await q.work("echo", async (job) => {
      seen.set(job.id, job.data);
    });
    const payloads: unknown[] = ["text", [1, "two"], null, 0, false, { nested: { deep: [true] } }];
    const ids = [];
    for (const p of payloads) ids.push(await q.enqueue("echo", p));
    const idless = await q.enqueue("echo", undefined);
    await waitFor("every run", () => seen.size === payloads.length + 1);
    expect(ids.map((id) => seen.get(id as string))).toEqual(payloads);
    expect(seen.get(idless as string)).toBeNull();
  });

  it("retries a failing job with backoff, then keeps it as a dead letter with its error", async () => {
    const q = await open();
    const starts: number[] = [];
    await q.work("flaky", async (job) => {
      starts.push(Date.now());
      throw new Error(`boom on attempt ${job.attempt}`);
    });
    const id = await q.enqueue(
      "flaky",
      { feed: "osv" },
      { retryLimit: 2, retryDelaySeconds: delayS, retryBackoff: true },
    );
    await waitFor("the dead letter", async () => (await q.deadLetters("flaky")).length === 1);
    await sleep(settle);
    expect(starts).toHaveLength(3);
    const [a, b, c] = starts as [number, number, number];
    // Backoff: the second retry waits at least twice as long as the first.
    expect(b - a).toBeGreaterThanOrEqual(delayS * 1000 - 20);
    expect(c - b).toBeGreaterThanOrEqual(2 * delayS * 1000 - 20);
    expect(await q.deadLetters()).toEqual([
      { id, name: "flaky", data: { feed: "osv" }, error: "boom on attempt 3", attempts: 3 },
    ]);
    expect(await q.deadLetters("other")).toEqual([]);
  });

  it("retries until an attempt succeeds, telling the handler which attempt it is", async () => {
    const q = await open();
    const attempts: number[] = [];
    await q.work("eventually", async (job) => {
      attempts.push(job.attempt);
      if (job.attempt < 2) throw "not yet";
    });
    const id = await q.enqueue("eventually", null, { retryLimit: 3, retryDelaySeconds: delayS, retryBackoff: false });
    await waitFor("completion", async () => (await stateOf(id as string)) === "completed");
    expect(attempts).toEqual([1, 2]);
    expect(await q.deadLetters()).toEqual([]);
  });

  it("dedupes singleton keys while a job is queued", async () => {
    const q = await open();
    const first = await q.enqueue("feed.sync", { n: 1 }, { singletonKey: "osv" });
    expect(first).toBeDefined();
    expect(await q.enqueue("feed.sync", { n: 2 }, { singletonKey: "osv" })).toBeUndefined();
    // Another key, another name, or no key at all are separate jobs.
    expect(await q.enqueue("feed.sync", { n: 3 }, { singletonKey: "kev" })).toBeDefined();
    expect(await q.enqueue("feed.other", { n: 4 }, { singletonKey: "osv" })).toBeDefined();
    expect(await q.enqueue("feed.sync", { n: 5 })).toBeDefined();
    expect(await q.enqueue("feed.sync", { n: 6 })).toBeDefined();
    // Racing enqueues of one key still make one job.
    const raced = await Promise.all(
      Array.from({ length: 10 }, (_, i) => q.enqueue("feed.sync", { n: 100 + i }, { singletonKey: "epss" })),
    );
    expect(raced.filter((id) => id !== undefined)).toHaveLength(1);

    const ran: unknown[] = [];
    await q.work("feed.sync", async (job) => {
      ran.push(job.data);
    });
    await waitFor("the queued jobs", () => ran.length === 5);
    await waitFor("completion", async () => (await stateOf(first as string)) === "completed");
    expect(ran).toEqual(expect.arrayContaining([{ n: 1 }, { n: 3 }, { n: 5 }, { n: 6 }]));
    // Once the job has run, the key is free again.
    expect(await q.enqueue("feed.sync", { n: 7 }, { singletonKey: "osv" })).toBeDefined();
    await waitFor("the new run", () => ran.length === 6);
  });

  it("does not run a job before its startAfter", async () => {
    const q = await open();
    const ranAt = new Map<unknown, number>();
    await q.work("later", async (job) => {
      ranAt.set(job.data, Date.now());
    });
    const startAfter = new Date(Date.now() + (pg ? 2000 : 400));
    await q.enqueue("later", "delayed", { startAfter });
    await q.enqueue("later", "now");
    await waitFor("both runs", () => ranAt.size === 2);
    expect(ranAt.get("delayed")).toBeGreaterThanOrEqual(startAfter.getTime());
    expect(ranAt.get("now")).toBeLessThan(startAfter.getTime());
  });

  it("refuses a cron expression that is not 5 valid fields", async () => {
    const q = await open();
    for (const bad of ["* * * *", "0 * * * * *", "61 * * * *", "every minute"]) {
      await expect(q.schedule("report", bad)).rejects.toSatisfy(
        (e) => e instanceof BulwarkError && e.code === "BULWARK_CONFIG_INVALID",
      );
    }
  });

  it("lets a running handler finish on a graceful stop", async () => {
    const q = await open();
    const hold = gate();
    let started = false;
    let finished = false;
    await q.work("slow", async () => {
      started = true;
      await hold.promise;
      await sleep(50);
      finished = true;
    });
    const id = await q.enqueue("slow", {});
    await waitFor("the start", () => started);
    const stopping = q.stop({ graceful: true, timeoutMs: 20_000 });
    setTimeout(hold.open, 300);
    await stopping;
    expect(finished).toBe(true);
    await waitFor("completion", async () => (await stateOf(id as string)) === "completed", 5000);
    await expect(q.enqueue("slow", {})).rejects.toThrow(/stopped/);
  });

  it("leaves a handler that outlives a graceful stop's timeout to be retried", async () => {
    // SQLite: the run's lock expires; pg-boss: the run is failed at the timeout and retried.
    const first = await open(db, { lockSeconds: 0.3 });
    const hold = gate();
    let started = false;
    await first.work("stuck", async () => {
      started = true;
      await hold.promise;
    });
    const id = await first.enqueue("stuck", { n: 1 }, { retryLimit: 1, retryDelaySeconds: 0, retryBackoff: false });
    await waitFor("the start", () => started);
    const before = Date.now();
    await first.stop({ graceful: true, timeoutMs: 1000 });
    expect(Date.now() - before).toBeGreaterThanOrEqual(900);

    const next = await open(secondConnection(), { lockSeconds: 0.3 });
    const runs: Job[] = [];
    await next.work("stuck", async (job) => {
      runs.push(job);
    });
    await waitFor("the retry", () => runs.length === 1);
    expect(runs[0]).toEqual({ id, name: "stuck", data: { n: 1 }, attempt: 2 });
    hold.open();
  });

  it("wakes its own workers on enqueue, without waiting for the next poll", async () => {
    const q = await open(db, { pollIntervalMs: 60_000 });
    const ran: unknown[] = [];
    await q.work("wake", async (job) => {
      ran.push(job.data);
    });
    await sleep(pg ? 300 : 50);
    await q.enqueue("wake", 1);
    await waitFor("the run", () => ran.length === 1, 3000);
    await q.enqueue("wake", 2);
    await waitFor("the second run", () => ran.length === 2, 3000);
  });

  it("runs each of 200 jobs exactly once across two nodes on two connections", async () => {
    const nodeA = await open();
    const nodeB = await open(secondConnection());
    const runs: { id: string; node: string }[] = [];
    const handler = (node: string) => async (job: Job) => {
      await sleep(5);
      runs.push({ id: job.id, node });
    };
    await nodeA.work("bulk", handler("a"), { concurrency: 3 });
    await nodeB.work("bulk", handler("b"), { concurrency: 3 });
    const ids = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? nodeA : nodeB).enqueue("bulk", { i })),
    );
    expect(new Set(ids).size).toBe(200);
    await waitFor("200 runs", () => runs.length >= 200, 60_000);
    await sleep(settle);
    const ranIds = runs.map((r) => r.id);
    expect(ranIds).toHaveLength(200);
    expect(new Set(ranIds)).toEqual(new Set(ids));
    // Both nodes took part.
    expect(runs.some((r) => r.node === "a")).toBe(true);
    expect(runs.some((r) => r.node === "b")).toBe(true);
  });

  if (pg) {
    // pg-boss's cron monitor works at minute resolution (and checks every 30 s or more), too slow
    // to wait for here: the test checks the schedule is stored for that monitor and that jobs of
    // the schedule's name run.
    it("registers a cron schedule with pg-boss, and runs jobs of its name", async () => {
      const q = await open();
      await q.schedule("kb.refresh", "*/5 * * * *", { source: "kev" });
      await q.schedule("kb.refresh", "0 * * * *", { source: "kev" });
      const { rows } = await sql<{
        name: string;
        cron: string;
        timezone: string;
        data: unknown;
      }>`SELECT name, cron, timezone, data FROM pgboss.schedule`.execute(db.kysely);
      expect(rows).toEqual([
        { name: "kb.refresh", cron: "0 * * * *", timezone: "UTC", data: { payload: { source: "kev" } } },
      ]);
      const ran: unknown[] = [];
      await q.work("kb.refresh", async (job) => {
        ran.push(job.data);
      });
      await q.enqueue("kb.refresh", { source: "kev" });
      await waitFor("the run", () => ran.length === 1);
      expect(ran).toEqual([{ source: "kev" }]);
    });

    it("fires a cron tick once across two nodes", async () => {
      // An every-minute schedule is due at once (pg-boss enqueues a tick seen within a minute of
      // it); with the cron check every second, both nodes look at it many times.
      const runs: { minute: string; node: string }[] = [];
      for (const [node, target] of [
        ["a", db],
        ["b", secondConnection()],
      ] as const) {
        const q = await PgBossJobQueue.open(target.kysely, {
          databaseUrl: db.url as string,
          pollIntervalMs: 500,
          cronCheckSeconds: 1,
          onError: (e) => errors.push(e),
        });
        queues.push(q);
        await q.schedule("tick", "* * * * *", { every: "minute" });
        await q.work("tick", async (job) => {
          expect(job.data).toEqual({ every: "minute" });
          runs.push({ minute: new Date().toISOString().slice(0, 16), node });
        });
      }
      await waitFor("a tick", () => runs.length >= 1, 30_000);
      await sleep(5000);
      // One run per minute's tick (the test may straddle a minute, which is a second tick).
      const minutes = runs.map((r) => r.minute);
      expect(new Set(minutes).size).toBe(minutes.length);
    });

    it("lets nodes starting together on a fresh database register the same new jobs", async () => {
      // pg-boss's queue creation is DDL; unserialised, two nodes creating queues at once deadlock.
      const nodes = await Promise.all([open(), open(secondConnection()), open(secondConnection())]);
      const ran: string[] = [];
      await Promise.all(
        nodes.flatMap((q, i) =>
          ["first", "second"].map((name) => q.work(name, async () => void ran.push(`${name}@${i}`))),
        ),
      );
      await nodes[0]?.enqueue("second", null);
      await waitFor("the run", () => ran.length === 1);
      expect(ran[0]).toMatch(/^second@[012]$/);
    });

    it("needs the real database URL", async () => {
      await expect(openJobQueue(db, {})).rejects.toThrow(/databaseUrl/);
    });
  }

  if (!pg) {
    it("fires a cron schedule once per tick, across instances and restarts", async () => {
      let now = Date.parse("2026-03-02T10:00:30Z");
      const clock = () => new Date(now);
      const ran: { data: unknown; node: string }[] = [];
      const node = async (name: string) => {
        const q = await open(db, { clock });
        await q.schedule("report", "* * * * *", { kind: "daily" });
        await q.work("report", async (job) => {
          ran.push({ data: job.data, node: name });
        });
        return q;
      };
      const a = await node("a");
      const b = await node("b");
      await sleep(100);
      // The tick current when the schedule was made does not run.
      expect(ran).toEqual([]);

      now = Date.parse("2026-03-02T10:01:05Z");
      await waitFor("the 10:01 run", () => ran.length === 1);
      await sleep(200);
      expect(ran).toHaveLength(1);
      expect(ran[0]?.data).toEqual({ kind: "daily" });

      // Both instances stop; a missed tick runs once on restart, and only the latest one.
      await a.stop();
      await b.stop();
      now = Date.parse("2026-03-02T10:04:10Z");
      await node("c");
      await waitFor("the catch-up run", () => ran.length === 2);
      await sleep(200);
      expect(ran).toHaveLength(2);
      const ticks = await db.kysely.selectFrom("job_schedules").select("last_tick").executeTakeFirstOrThrow();
      expect(ticks.last_tick).toBe("2026-03-02T10:04:00.000Z");
    });

    it("re-runs a job whose worker died once its lock has expired", async () => {
      const crashed = await open(db, { lockSeconds: 0.3 });
      const hold = gate();
      let started = 0;
      await crashed.work("import", async () => {
        started++;
        await hold.promise;
      });
      const id = await crashed.enqueue("import", { file: "x" }, { retryLimit: 1 });
      await waitFor("the first start", () => started === 1);
      // The process "dies": it stops without waiting, its heartbeat stops, its handler never ends.
      await crashed.stop({ graceful: false });

      const survivor = await open(secondConnection(), { lockSeconds: 0.3 });
      const runs: Job[] = [];
      await survivor.work("import", async (job) => {
        runs.push(job);
      });
      await waitFor("the takeover", () => runs.length === 1);
      expect(runs[0]).toEqual({ id, name: "import", data: { file: "x" }, attempt: 2 });
      await waitFor("completion", async () => (await stateOf(id as string)) === "completed");
      // The first run ending late does not change the job the survivor finished.
      hold.open();
      await sleep(100);
      expect(await stateOf(id as string)).toBe("completed");
      expect(started).toBe(1);
    });

    it("keeps a running job's lock alive past its lock time", async () => {
      const q = await open(db, { lockSeconds: 0.15 });
      const other = await open(secondConnection(), { lockSeconds: 0.15 });
      let runs = 0;
      const handler = async () => {
        runs++;
        await sleep(600);
      };
      await q.work("long", handler);
      await other.work("long", handler);
      const id = await q.enqueue("long", {});
      await waitFor("completion", async () => (await stateOf(id as string)) === "completed");
      await sleep(200);
      expect(runs).toBe(1);
    });

    it("dead-letters a job whose worker died on its last attempt, without running it again", async () => {
      const crashed = await open(db, { lockSeconds: 0.2 });
      let started = 0;
      await crashed.work("poison", async () => {
        started++;
        await new Promise(() => {});
      });
      const id = await crashed.enqueue("poison", {}, { retryLimit: 0 });
      await waitFor("the start", () => started === 1);
      await crashed.stop({ graceful: false });
      const survivor = await open(db, { lockSeconds: 0.2 });
      let ran = 0;
      await survivor.work("poison", async () => {
        ran++;
      });
      await waitFor("the dead letter", async () => (await survivor.deadLetters()).length === 1);
      expect(ran).toBe(0);
      expect(await survivor.deadLetters()).toEqual([
        { id, name: "poison", data: {}, error: expect.stringMatching(/worker stopped/), attempts: 2 },
      ]);
    });
  }
});
