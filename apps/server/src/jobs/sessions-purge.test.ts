import { migrateServerDb, SessionRepository, UserRepository, verifyAuditChain } from "@bulwark/db";
import { type TestServerDb, testDialects } from "@bulwark/db/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { nodeName, purgeSessions, SESSIONS_PURGE_JOB } from "./sessions-purge.ts";

const NOW = new Date("2026-12-02T12:00:00Z");
const HOUR = 3_600_000;

describe.each(testDialects())("sessions purge job on $name", (dialect) => {
  let db: TestServerDb;
  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
  });
  afterEach(() => db.dispose());

  it("deletes ended sessions only, once, and audits every run", async () => {
    const user = (await new UserRepository(db.kysely).create({ email: "alice@bank.example" }, NOW)).id;
    const sessions = new SessionRepository(db.kysely);
    // Past the 8-hour lifetime, idle for an hour, and live.
    await sessions.create(user, new Date(NOW.getTime() - 9 * HOUR));
    await sessions.create(user, new Date(NOW.getTime() - HOUR));
    const live = await sessions.create(user, new Date(NOW.getTime() - 60_000));

    expect(await purgeSessions(db, { id: "j1", attempt: 1 }, { now: NOW, node: "a:1" })).toBe(2);
    expect(await purgeSessions(db, { id: "j1", attempt: 2 }, { now: NOW, node: "b:2" })).toBe(0);
    const left = await db.kysely.selectFrom("sessions").select("id_hash").execute();
    expect(left.map((r) => r.id_hash)).toEqual([live.session.id]);

    const audit = await db.kysely.selectFrom("audit_log").selectAll().orderBy("seq").execute();
    expect(audit.map((e) => [e.action, e.object_id, JSON.parse(e.details)])).toEqual([
      [`job.${SESSIONS_PURGE_JOB}`, "j1", { job: "j1", attempt: 1, node: "a:1", purged: 2 }],
      [`job.${SESSIONS_PURGE_JOB}`, "j1", { job: "j1", attempt: 2, node: "b:2", purged: 0 }],
    ]);
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: true, entries: 2 });
  });

  it("names the node by host and process id", () => {
    expect(nodeName()).toMatch(new RegExp(`:${process.pid}$`));
  });
});
