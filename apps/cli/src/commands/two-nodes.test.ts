import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { hostname } from "node:os";
import { fixturePath } from "@bulwark/core/testing";
import { openJobQueue, SessionRepository } from "@bulwark/db";
import { type TestServerDb, testDialects, testPgUrl } from "@bulwark/db/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, ensureBuilt, runCli } from "../testing/run-cli.ts";

// Two `bulwark serve` processes on one PostgreSQL database: a cluster as operators run it
// behind a load balancer. Both must serve the same data, and the jobs pg-boss hands out must
// each run exactly once, on whichever node takes them.

const PURGE_JOB = "sessions.purge";
const JOBS = 100;
const EXPIRED_SESSIONS = 5;
const HOUR = 3_600_000;

/** One running server process. */
interface Node {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  /** What the job runs it performed record as their node (`bulwark serve` is the process itself). */
  readonly name: string;
  readonly exited: Promise<number | null>;
}

/** Poll `probe` until it gives a value, or fail naming `what` after `timeoutMs`. */
async function waitFor<T>(
  what: string | (() => string),
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === "string" ? what : what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Start `bulwark serve` on a free port and wait for its "listening on" line. */
async function startNode(databaseUrl: string, started: Node[]): Promise<Node> {
  const child = spawn(process.execPath, [CLI, "serve", "--port", "0", "--database-url", databaseUrl], {
    // Both nodes share the master key, as a cluster must.
    env: {
      ...process.env,
      NO_COLOR: "1",
      BULWARK_LOG_LEVEL: "warn",
      BULWARK_SYNC_CRON: "off",
      BULWARK_MASTER_KEY: "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=",
    },
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let err = "";
  child.stdout.resume();
  child.stderr.on("data", (d) => {
    err += d;
  });
  const node = { child, exited, name: `${hostname()}:${child.pid}` };
  started.push({ ...node, url: "" });
  const url = await waitFor(
    () => `node ${child.pid} to listen (stderr: ${err})`,
    async () => {
      if (child.exitCode !== null) throw new Error(`bulwark serve exited with ${child.exitCode}: ${err}`);
      return /listening on (http:\/\/\S+)/.exec(err)?.[1];
    },
  );
  return { ...node, url };
}

describe.skipIf(testPgUrl() === undefined)("two server nodes on one PostgreSQL database", () => {
  const started: Node[] = [];
  let db: TestServerDb;
  let a: Node;
  let b: Node;
  let token: string;

  beforeAll(async () => {
    ensureBuilt();
    const postgres = testDialects().find((d) => d.name === "postgres");
    if (postgres === undefined) throw new Error("BULWARK_TEST_PG_URL is set but the PostgreSQL dialect is missing");
    db = await postgres.open();
    const boot = runCli([
      "admin",
      "bootstrap",
      "--email",
      "ops@example.org",
      "--json",
      "--database-url",
      db.url as string,
    ]);
    expect(boot.code, boot.stderr).toBe(0);
    token = JSON.parse(boot.stdout).token;
    [a, b] = await Promise.all([startNode(db.url as string, started), startNode(db.url as string, started)]);
  });

  afterAll(async () => {
    // Whatever failed, no server outlives the test, and the database goes.
    for (const n of started) if (n.child.exitCode === null && n.child.signalCode === null) n.child.kill("SIGKILL");
    await Promise.all(started.map((n) => n.exited));
    await db?.dispose();
  });

  const api = (node: Node, path: string, body?: unknown) =>
    fetch(`${node.url}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { "content-type": "application/json" }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });

  const orgNames = async (node: Node): Promise<string[]> => {
    const res = await api(node, "/api/v1/orgs?limit=100");
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: { name: string }[] }).items.map((o) => o.name);
  };

  /** The ids node answers for django 3.2.0 through the OSV API. */
  const djangoVulns = async (node: Node): Promise<string[]> => {
    const res = await api(node, "/v1/query", { package: { name: "django", ecosystem: "PyPI" }, version: "3.2.0" });
    expect(res.status).toBe(200);
    return (((await res.json()) as { vulns?: { id: string }[] }).vulns ?? []).map((v) => v.id);
  };

  it("serves what either node wrote from both", async () => {
    expect(a.url).not.toBe(b.url);
    for (const [writer, name] of [
      [a, "Vendor written through A"],
      [b, "Vendor written through B"],
    ] as const) {
      const res = await api(writer, "/api/v1/orgs", { name, kind: "vendor" });
      expect(res.status).toBe(201);
    }
    const expected = ["Vendor written through A", "Vendor written through B"];
    expect(await orgNames(a)).toEqual(expected);
    expect(await orgNames(b)).toEqual(expected);
  });

  it("serves advisories imported while both run, from both", async () => {
    expect(await djangoVulns(a)).toEqual([]);
    expect(await djangoVulns(b)).toEqual([]);
    const imported = runCli([
      "db",
      "import",
      fixturePath("osv", "PyPI", "all.zip"),
      "--json",
      "--database-url",
      db.url as string,
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout).sources[0]).toMatchObject({ source: "osv:PyPI", added: 228 });
    // Each node notices the knowledge base changed at most a second after its last look.
    const fromA = await waitFor("node A to see the import", async () => {
      const ids = await djangoVulns(a);
      return ids.length > 0 ? ids : undefined;
    });
    expect(fromA.length).toBeGreaterThan(5);
    await waitFor("node B to answer as node A does", async () =>
      JSON.stringify(await djangoVulns(b)) === JSON.stringify(fromA) ? true : undefined,
    );
  });

  it(`runs each of ${JOBS} jobs exactly once, on both nodes`, async () => {
    const userId = (await db.kysely.selectFrom("users").select("id").executeTakeFirstOrThrow()).id;
    const sessions = new SessionRepository(db.kysely);
    for (let i = 0; i < EXPIRED_SESSIONS; i++) await sessions.create(userId, new Date(Date.now() - 9 * HOUR));
    const live = await sessions.create(userId, new Date());

    const queue = await openJobQueue(db, { databaseUrl: db.url as string });
    let ids: string[] = [];
    try {
      // Hold the audit chain's head while the jobs are enqueued: every run blocks on it before it
      // can finish, so each node sits on one job (one worker each) until both have taken one.
      // Without this one node could drain all 100 before the other's next poll.
      await db.kysely.transaction().execute(async (trx) => {
        await sql`SELECT appends FROM audit_head WHERE id = 1 FOR UPDATE`.execute(trx);
        ids = (await Promise.all(Array.from({ length: JOBS }, () => queue.enqueue(PURGE_JOB, null)))) as string[];
        await waitFor("both nodes to take a job", async () => {
          const { rows } = await sql<{ n: number }>`
            SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${PURGE_JOB} AND state = 'active'`.execute(
            db.kysely,
          );
          return rows[0]?.n === 2 ? true : undefined;
        });
      });
      expect(new Set(ids).size).toBe(JOBS);
      const states = await waitFor("every job to complete", async () => {
        const { rows } = await sql<{ state: string; retry_count: number }>`
          SELECT state, retry_count FROM pgboss.job WHERE id::text = ANY(${ids})`.execute(db.kysely);
        return rows.length === JOBS && rows.every((r) => r.state === "completed") ? rows : undefined;
      });
      // No run failed or outlived its expiry, so none was retried.
      expect(states.every((r) => r.retry_count === 0)).toBe(true);
      expect(await queue.deadLetters(PURGE_JOB)).toEqual([]);
    } finally {
      await queue.stop();
    }

    const runs = (
      await db.kysely.selectFrom("audit_log").select("details").where("action", "=", `job.${PURGE_JOB}`).execute()
    ).map((r) => JSON.parse(r.details) as { job: string; node: string; purged: number });
    // One audit entry per run: each job id appears once, and (beyond a scheduled hourly tick the
    // test may have crossed) only the jobs enqueued here ran.
    const runsPerJob = new Map<string, number>();
    for (const run of runs) runsPerJob.set(run.job, (runsPerJob.get(run.job) ?? 0) + 1);
    expect([...runsPerJob.values()].every((n) => n === 1)).toBe(true);
    expect(ids.every((id) => runsPerJob.get(id) === 1)).toBe(true);
    expect(runs.length - JOBS).toBeLessThanOrEqual(1);
    // Both nodes took part; and the expired sessions were deleted once, the live one kept.
    expect(new Set(runs.map((r) => r.node))).toEqual(new Set([a.name, b.name]));
    expect(runs.reduce((sum, r) => sum + r.purged, 0)).toBe(EXPIRED_SESSIONS);
    const left = await db.kysely.selectFrom("sessions").select("id_hash").execute();
    expect(left.map((r) => r.id_hash)).toEqual([live.session.id]);
    // Two processes appending concurrently kept the hash chain whole.
    const verify = runCli(["audit", "verify", "--database-url", db.url as string]);
    expect(verify.code, verify.stderr).toBe(0);
  });

  it("both stop gracefully on SIGTERM", async () => {
    a.child.kill("SIGTERM");
    b.child.kill("SIGTERM");
    expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);
  });
});
