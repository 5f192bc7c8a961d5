import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendAudit, verifyAuditChain } from "./audit-log.ts";
import { migrateServerDb } from "./migrate.ts";
import { type TestServerDb, testDialects } from "./testing.ts";

describe.each(testDialects())("audit log on $name", (dialect) => {
  let db: TestServerDb;
  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
  });
  afterEach(() => db.dispose());

  async function appendSome(n: number): Promise<void> {
    for (let i = 1; i <= n; i++) {
      await db.kysely.transaction().execute((trx) =>
        appendAudit(trx, {
          at: `2026-12-02T10:00:0${i % 10}Z`,
          action: i % 2 === 0 ? "advisory.read" : "org.create",
          actorUserId: `user-${i}`,
          requestId: `req-${i}`,
          objectType: "advisory",
          objectId: `GHSA-${i}`,
          tlp: "AMBER",
          details: { n: i, nested: { b: 2, a: 1 } },
        }),
      );
    }
  }

  // Tampering goes around the append-only triggers, as someone with the database's own
  // credentials could; the chain must still show it.
  async function dropGuards(): Promise<void> {
    if (db.dialect === "postgres") await sql`DROP TRIGGER audit_log_no_update ON audit_log`.execute(db.kysely);
    else {
      await sql`DROP TRIGGER audit_log_no_update`.execute(db.kysely);
      await sql`DROP TRIGGER audit_log_no_delete`.execute(db.kysely);
    }
  }

  it("chains entries and verifies an intact log", async () => {
    expect(await verifyAuditChain(db.kysely)).toEqual({ ok: true, entries: 0 });
    await appendSome(5);
    const verdict = await verifyAuditChain(db.kysely);
    expect(verdict).toMatchObject({ ok: true, entries: 5 });
    const rows = await db.kysely.selectFrom("audit_log").selectAll().orderBy("seq").execute();
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5]);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
  });

  it("refuses updates and deletes at the database", async () => {
    await appendSome(2);
    await expect(sql`UPDATE audit_log SET action = 'x' WHERE seq = 1`.execute(db.kysely)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_log WHERE seq = 2`.execute(db.kysely)).rejects.toThrow(/append-only/);
  });

  it("names the first edited entry", async () => {
    await appendSome(5);
    await dropGuards();
    await sql`UPDATE audit_log SET details = '{"n":3,"nested":{"a":1,"b":3}}' WHERE seq = 3`.execute(db.kysely);
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: false, firstBad: { seq: 3, reason: /edited/ } });
  });

  it("names the entry after a deleted one", async () => {
    await appendSome(5);
    await dropGuards();
    await sql`DELETE FROM audit_log WHERE seq = 2`.execute(db.kysely);
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: false, entries: 1, firstBad: { seq: 3 } });
  });

  it("notices a deleted last entry only by the head it was given, and a re-hashed edit by the next link", async () => {
    await appendSome(4);
    await dropGuards();
    const before = await verifyAuditChain(db.kysely);
    await sql`DELETE FROM audit_log WHERE seq = 4`.execute(db.kysely);
    const after = await verifyAuditChain(db.kysely);
    // Truncating the tail keeps a valid chain; the head changes, which is what an external
    // witness of the head (a printed or exported head hash) detects.
    expect(after.ok).toBe(true);
    expect(after.ok && before.ok && after.head !== before.head).toBe(true);
  });

  it("detects reordered entries", async () => {
    await appendSome(4);
    await dropGuards();
    // Swap the contents of entries 2 and 3, hashes included, keeping their seq numbers.
    const rows = await db.kysely
      .selectFrom("audit_log")
      .selectAll()
      .where("seq", "in", [2, 3])
      .orderBy("seq")
      .execute();
    const [two, three] = rows as [(typeof rows)[0], (typeof rows)[0]];
    const { seq: _s2, ...c2 } = two;
    const { seq: _s3, ...c3 } = three;
    // Through a placeholder hash: hashes are unique.
    await db.kysely
      .updateTable("audit_log")
      .set({ ...c3, hash: "swapping" })
      .where("seq", "=", 2)
      .execute();
    await db.kysely.updateTable("audit_log").set(c2).where("seq", "=", 3).execute();
    await db.kysely.updateTable("audit_log").set({ hash: c3.hash }).where("seq", "=", 2).execute();
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: false, firstBad: { seq: 2 } });
  });

  it("keeps one chain when many appends race", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.kysely.transaction().execute((trx) => appendAudit(trx, { at: "2026-12-02T10:00:00Z", action: `race.${i}` })),
      ),
    );
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: true, entries: 20 });
  });

  it("migrates idempotently", async () => {
    expect((await migrateServerDb(db)).applied).toEqual([]);
  });
});
