import { migrateServerDb, UserRepository, verifyAuditChain } from "@bulwark/db";
import { type TestServerDb, testDialects } from "@bulwark/db/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bootstrapAdmin } from "./bootstrap.ts";

const NOW = new Date("2026-12-02T12:00:00Z");

describe.each(testDialects())("first administrator on $name", (dialect) => {
  let db: TestServerDb;
  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
  });
  afterEach(() => db.dispose());

  it("is created once even when several starts race on an empty database", async () => {
    const results = await Promise.all(
      ["a@example.org", "b@example.org", "c@example.org"].map((email) => bootstrapAdmin(db, email, NOW)),
    );
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    expect(await new UserRepository(db.kysely).count()).toBe(1);
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: true, entries: 1 });
  });
});
