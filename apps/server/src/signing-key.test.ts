import { randomBytes } from "node:crypto";
import { signingKeyId, verifyDetachedSignature } from "@bulwark/core";
import { ensureSigningKey, migrateServerDb } from "@bulwark/db";
import { type TestServerDb, testDialects } from "@bulwark/db/testing";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp } from "./testing.ts";

const NOW = new Date("2026-12-02T12:00:00Z");
const URL = "/.well-known/bulwark-signing-key";

describe.each(testDialects())("GET /.well-known/bulwark-signing-key on $name", (dialect) => {
  let db: TestServerDb;
  let app: FastifyInstance;
  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
    app = await buildTestApp(db, () => NOW);
  });
  afterEach(async () => {
    await app.close();
    await db.dispose();
  });

  it("answers 404 with a coded error before the key exists", async () => {
    const r = await app.inject({ method: "GET", url: URL });
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe("BULWARK_OBJECT_NOT_FOUND");
  });

  it("serves the public key to anyone, as JSON or PEM, and it checks the server's signatures", async () => {
    const signer = await ensureSigningKey(db, randomBytes(32), NOW);
    const r = await app.inject({ method: "GET", url: URL });
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toMatch(/^application\/json/);
    expect(r.headers["cache-control"]).toBe("public, max-age=300");
    const body = r.json();
    expect(body).toEqual({
      algorithm: "ed25519",
      publicKey: signer.publicKeyPem,
      keyId: signer.keyId,
      createdAt: NOW.toISOString(),
    });
    expect(body.publicKey).not.toMatch(/PRIVATE/);
    expect(signingKeyId(body.publicKey)).toBe(body.keyId);
    const file = randomBytes(1000);
    expect(verifyDetachedSignature(file, signer.sign(file), body.publicKey).keyId).toBe(signer.keyId);

    const pem = await app.inject({ method: "GET", url: URL, headers: { accept: "application/x-pem-file" } });
    expect(pem.statusCode).toBe(200);
    expect(pem.headers["content-type"]).toMatch(/^application\/x-pem-file/);
    expect(pem.body).toBe(signer.publicKeyPem);
  });

  it("is listed in the OpenAPI document without a security requirement", async () => {
    const doc = (await app.inject({ method: "GET", url: "/openapi.json" })).json();
    const op = doc.paths[URL]?.get;
    expect(op?.summary).toMatch(/public key/);
    expect(op?.security ?? []).toEqual([]);
  });
});
