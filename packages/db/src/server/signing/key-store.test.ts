import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSignatureDocument, signingKeyId, verifyDetachedSignature } from "@bulwark/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../audit-log.ts";
import { openServerDb, type ServerDb } from "../connect.ts";
import { migrateServerDb } from "../migrate.ts";
import { type TestServerDb, testDialects } from "../testing.ts";
import { currentSigningKey, ensureSigningKey } from "./key-store.ts";
import { MASTER_KEY_FILE, resolveMasterKey } from "./master-key.ts";
import type { ServerSigner } from "./signer.ts";

const NOW = new Date("2026-12-02T12:00:00Z");

describe.each(testDialects())("the signing key on $name", (dialect) => {
  let db: TestServerDb;
  const masterKey = randomBytes(32);
  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
  });
  afterEach(() => db.dispose());

  /** Another node: its own connection(s) to the same database. */
  function secondNode(): ServerDb {
    return db.url !== undefined
      ? openServerDb({ databaseUrl: db.url })
      : openServerDb({ dataDir: db.dataDir as string });
  }

  it("is created once, audited, and read back by every later call", async () => {
    expect(await currentSigningKey(db)).toBeUndefined();
    const first = await ensureSigningKey(db, masterKey, NOW);
    expect(first.keyId).toBe(signingKeyId(first.publicKeyPem));
    expect(first.createdAt).toBe(NOW.toISOString());
    const again = await ensureSigningKey(db, masterKey, new Date("2027-01-01T00:00:00Z"));
    expect(again.keyId).toBe(first.keyId);
    expect(again.createdAt).toBe(NOW.toISOString());
    expect(await currentSigningKey(db)).toEqual({
      keyId: first.keyId,
      algorithm: "ed25519",
      publicKey: first.publicKeyPem,
      createdAt: NOW.toISOString(),
    });
    const audit = await db.kysely
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "signing-key.create")
      .execute();
    expect(audit.map((a) => a.object_id)).toEqual([first.keyId]);
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true);
  });

  it("is created exactly once when several nodes start at the same moment", async () => {
    // PostgreSQL: separate pools, as separate nodes have. SQLite is one process's file: its racing
    // starts share the connection (a second in-process connection would block the event loop in
    // SQLite's busy wait); separate processes are serialised by SQLite's own write lock.
    const others = db.dialect === "postgres" ? [secondNode(), secondNode()] : [];
    try {
      const signers = await Promise.all([db, ...others, db].map((node) => ensureSigningKey(node, masterKey, NOW)));
      expect(new Set(signers.map((s) => s.keyId)).size).toBe(1);
      expect(await db.kysely.selectFrom("signing_keys").select("id").execute()).toHaveLength(1);
      const audit = await db.kysely
        .selectFrom("audit_log")
        .select("seq")
        .where("action", "=", "signing-key.create")
        .execute();
      expect(audit).toHaveLength(1);
      // A signature made on one node verifies with the public key another node serves.
      const [first, last] = [signers[0], signers.at(-1)] as [ServerSigner, ServerSigner];
      const file = Buffer.from("bulletin");
      expect(verifyDetachedSignature(file, last.sign(file), first.publicKeyPem).keyId).toBe(first.keyId);
    } finally {
      await Promise.all(others.map((o) => o.close()));
    }
  });

  it("keeps the private key encrypted at rest: the row holds neither the PEM nor the DER", async () => {
    const signer = await ensureSigningKey(db, masterKey, NOW);
    const row = await db.kysely.selectFrom("signing_keys").selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ id: signer.keyId, algorithm: "ed25519", retired_at: null });
    expect(row.public_key).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const everything = JSON.stringify(row);
    expect(everything).not.toMatch(/PRIVATE KEY/);
    const sealed = Buffer.from(row.private_key_encrypted, "base64");
    // PKCS#8 DER of an Ed25519 key starts with this fixed prefix; the sealed bytes must not contain it.
    expect(sealed.includes(Buffer.from("302e020100300506032b657004220420", "hex"))).toBe(false);
    expect(sealed.length).toBe(12 + 16 + 48);
  });

  it("refuses a wrong master key with BULWARK_SIGNING_KEY_UNREADABLE, and a moved sealed value too", async () => {
    await ensureSigningKey(db, masterKey, NOW);
    await expect(ensureSigningKey(db, randomBytes(32), NOW)).rejects.toMatchObject({
      code: "BULWARK_SIGNING_KEY_UNREADABLE",
    });
    // The sealed key is bound to its id: the same ciphertext under another id does not open.
    const row = await db.kysely.selectFrom("signing_keys").selectAll().executeTakeFirstOrThrow();
    await db.kysely
      .updateTable("signing_keys")
      .set({ id: "0".repeat(32) })
      .where("id", "=", row.id)
      .execute();
    await expect(ensureSigningKey(db, masterKey, NOW)).rejects.toMatchObject({
      code: "BULWARK_SIGNING_KEY_UNREADABLE",
    });
  });

  it("signs files so that verifyDetachedSignature accepts them and rejects any change", async () => {
    const signer = await ensureSigningKey(db, masterKey, NOW);
    const file = randomBytes(4096);
    const doc = parseSignatureDocument(JSON.stringify(signer.sign(file)));
    expect(verifyDetachedSignature(file, doc, signer.publicKeyPem).keyId).toBe(signer.keyId);
    const changed = Buffer.from(file);
    changed[100] = (changed[100] as number) ^ 0x80;
    expect(() => verifyDetachedSignature(changed, doc, signer.publicKeyPem)).toThrow(/file was changed/);
  });
});

describe("resolveMasterKey", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "bulwark-master-"));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it("uses BULWARK_MASTER_KEY when given, and refuses a key that is not 32 bytes of base64", () => {
    const key = randomBytes(32);
    expect(resolveMasterKey({ dataDir, masterKey: key.toString("base64") }).equals(key)).toBe(true);
    expect(() => resolveMasterKey({ dataDir, masterKey: randomBytes(16).toString("base64") })).toThrow(
      expect.objectContaining({ code: "BULWARK_CONFIG_INVALID" }),
    );
    expect(() => resolveMasterKey({ dataDir, masterKey: "not base64 at all!" })).toThrow(
      expect.objectContaining({ code: "BULWARK_CONFIG_INVALID" }),
    );
  });

  it("on SQLite, generates <data-dir>/master.key (mode 0600) at first start and reuses it", () => {
    const first = resolveMasterKey({ dataDir });
    const path = join(dataDir, MASTER_KEY_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(path, "utf8").trim(), "base64").equals(first)).toBe(true);
    expect(resolveMasterKey({ dataDir }).equals(first)).toBe(true);
  });

  it("on PostgreSQL, refuses to start without a configured master key", () => {
    expect(() => resolveMasterKey({ dataDir, databaseUrl: "postgres://x@127.0.0.1/db" })).toThrow(
      expect.objectContaining({ code: "BULWARK_CONFIG_INVALID", message: expect.stringMatching(/BULWARK_MASTER_KEY/) }),
    );
  });
});
