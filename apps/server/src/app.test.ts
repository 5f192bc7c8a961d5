import { readFileSync } from "node:fs";
import { readOsvZip } from "@bulwark/advisories";
import { fixturePath } from "@bulwark/core/testing";
import { importIntoKnowledgeBase, migrateServerDb, verifyAuditChain } from "@bulwark/db";
import { type TestServerDb, testDialects } from "@bulwark/db/testing";
import { Validator } from "@seriousme/openapi-schema-validator";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bootstrapAdmin } from "./bootstrap.ts";
import { buildTestApp } from "./testing.ts";

const NOW = new Date("2026-12-02T12:00:00Z");
const FIXTURE_BATCH = {
  osv: ["PyPI", "Go"].map((e) => ({
    source: `osv:${e}`,
    location: e,
    full: true,
    records: readOsvZip(readFileSync(fixturePath("osv", e, "all.zip")), e).records,
  })),
};

describe.each(testDialects())("server on $name", (dialect) => {
  let db: TestServerDb;
  let app: FastifyInstance;
  let admin: { email: string; password: string; token: string };
  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
    await importIntoKnowledgeBase(db, FIXTURE_BATCH, NOW);
    app = await buildTestApp(db, () => NOW);
    admin = (await bootstrapAdmin(db, "Admin@Example.org", NOW)) as typeof admin;
  });
  afterEach(async () => {
    await app.close();
    await db.dispose();
  });

  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  it("answers health, readiness and Prometheus metrics", async () => {
    expect((await app.inject({ url: "/healthz" })).json()).toEqual({ status: "ok" });
    expect((await app.inject({ url: "/readyz" })).json()).toEqual({ status: "ready" });
    const metrics = await app.inject({ url: "/metrics" });
    expect(metrics.headers["content-type"]).toMatch(/text\/plain/);
    expect(metrics.body).toMatch(/bulwark_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1/);
  });

  it("describes itself with a valid OpenAPI 3.1 document", async () => {
    const doc = (await app.inject({ url: "/openapi.json" })).json();
    expect(doc.openapi).toBe("3.1.0");
    for (const path of [
      "/v1/query",
      "/v1/querybatch",
      "/v1/vulns/{id}",
      "/api/v1/orgs",
      "/api/v1/tokens",
      "/api/v1/me",
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect((await app.inject({ url: "/docs" })).statusCode).toBeLessThan(400);
  });

  it("answers OSV queries as osv.dev does", async () => {
    const q = await app.inject({
      method: "POST",
      url: "/v1/query",
      payload: { package: { name: "django", ecosystem: "PyPI" }, version: "3.2.0" },
    });
    expect(q.statusCode).toBe(200);
    const vulns = q.json().vulns as { id: string; affected: unknown[] }[];
    expect(vulns.length).toBeGreaterThan(5);
    expect(vulns.every((v) => Array.isArray(v.affected))).toBe(true);
    const byPurl = await app.inject({
      method: "POST",
      url: "/v1/query",
      payload: { package: { purl: "pkg:pypi/django@3.2.0" } },
    });
    expect(byPurl.json().vulns.map((v: { id: string }) => v.id)).toEqual(vulns.map((v) => v.id));
    const none = await app.inject({
      method: "POST",
      url: "/v1/query",
      payload: { package: { name: "no-such-package-anywhere", ecosystem: "PyPI" }, version: "1.0" },
    });
    expect(none.json()).toEqual({});

    const batch = await app.inject({
      method: "POST",
      url: "/v1/querybatch",
      payload: {
        queries: [
          { package: { name: "django", ecosystem: "PyPI" }, version: "3.2.0" },
          { package: { name: "no-such-package-anywhere", ecosystem: "PyPI" }, version: "1.0" },
          { package: { name: "stdlib", ecosystem: "Go" }, version: "1.13.0" },
        ],
      },
    });
    const results = batch.json().results;
    expect(results).toHaveLength(3);
    expect(results[0].vulns.map((v: { id: string }) => v.id)).toEqual(vulns.map((v) => v.id));
    expect(results[0].vulns[0]).toEqual({ id: vulns[0]?.id, modified: expect.any(String) });
    expect(results[1]).toEqual({});
    expect(results[2].vulns.length).toBeGreaterThan(0);

    const one = await app.inject({ url: `/v1/vulns/${vulns[0]?.id}` });
    expect(one.json().id).toBe(vulns[0]?.id);
    const missing = await app.inject({ url: "/v1/vulns/NOPE-0000" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: "BULWARK_OBJECT_NOT_FOUND" });
  });

  it("rejects malformed queries with a coded error naming the problem", async () => {
    const commit = await app.inject({ method: "POST", url: "/v1/query", payload: { commit: "abc123" } });
    expect(commit.statusCode).toBe(400);
    expect(commit.json()).toMatchObject({ code: "BULWARK_REQUEST_INVALID", message: /commit queries/ });
    const wrongType = await app.inject({ method: "POST", url: "/v1/query", payload: { package: { name: 5 } } });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().details.problems[0].pointer).toBe("/body/package/name");
    const notJson = await app.inject({
      method: "POST",
      url: "/v1/query",
      payload: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().code).toBe("BULWARK_REQUEST_INVALID");
    const tooMany = await app.inject({
      method: "POST",
      url: "/v1/querybatch",
      payload: { queries: Array.from({ length: 1001 }, () => ({ package: { name: "x", ecosystem: "PyPI" } })) },
    });
    expect(tooMany.statusCode).toBe(400);
  });

  it("answers a body over the limit with 413 BULWARK_REQUEST_TOO_LARGE", async () => {
    const small = await buildTestApp(db, () => NOW, { bodyLimit: 1024 });
    try {
      const r = await small.inject({
        method: "POST",
        url: "/v1/query",
        payload: {
          package: { name: "x".repeat(300), ecosystem: "PyPI" },
          version: "1".repeat(200),
          page_token: "y".repeat(900),
        },
      });
      expect(r.statusCode).toBe(413);
      expect(r.json().code).toBe("BULWARK_REQUEST_TOO_LARGE");
    } finally {
      await small.close();
    }
  });

  it("authenticates API tokens and tells missing from bad credentials", async () => {
    expect((await app.inject({ url: "/api/v1/me" })).json()).toMatchObject({ code: "BULWARK_AUTH_REQUIRED" });
    const bad = await app.inject({ url: "/api/v1/me", headers: as("bwk_nope") });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().code).toBe("BULWARK_AUTH_FAILED");
    const me = await app.inject({ url: "/api/v1/me", headers: as(admin.token) });
    expect(me.json()).toMatchObject({ email: "admin@example.org", platformRoles: ["admin", "coordinator"] });
    // Every read carries an ETag; a matching If-None-Match is answered 304 with no body.
    expect(me.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const unchanged = await app.inject({
      url: "/api/v1/me",
      headers: { ...as(admin.token), "if-none-match": me.headers.etag as string },
    });
    expect(unchanged.statusCode).toBe(304);
    expect(unchanged.body).toBe("");
    // The token is never logged or echoed back; the request id is.
    expect(me.headers["x-request-id"]).toBeTruthy();
    expect(
      (await app.inject({ url: "/api/v1/me", headers: { ...as(admin.token), "x-request-id": "trace-1" } })).headers[
        "x-request-id"
      ],
    ).toBe("trace-1");
  });

  it("creates organisations (admins only), lists them with cursors and ETags, and audits each change", async () => {
    for (const [name, kind, sector] of [
      ["Valley Rural Hospital", "operator", "healthcare"],
      ["Acme Vendor", "vendor", undefined],
      ["Coordination Centre", "coordinator", undefined],
    ] as const) {
      const r = await app.inject({
        method: "POST",
        url: "/api/v1/orgs",
        headers: { ...as(admin.token), "x-request-id": `create-${kind}` },
        payload: { name, kind, ...(sector && { sector }) },
      });
      expect(r.statusCode).toBe(201);
    }
    const dup = await app.inject({
      method: "POST",
      url: "/api/v1/orgs",
      headers: as(admin.token),
      payload: { name: "Acme Vendor", kind: "vendor" },
    });
    expect(dup.statusCode).toBe(409);
    const noSector = await app.inject({
      method: "POST",
      url: "/api/v1/orgs",
      headers: as(admin.token),
      payload: { name: "Water Works", kind: "operator" },
    });
    expect(noSector.json()).toMatchObject({ code: "BULWARK_REQUEST_INVALID", message: /sector/ });

    const first = await app.inject({ url: "/api/v1/orgs?limit=2", headers: as(admin.token) });
    expect(first.json().items.map((o: { name: string }) => o.name)).toEqual(["Acme Vendor", "Coordination Centre"]);
    const next = await app.inject({
      url: `/api/v1/orgs?limit=2&cursor=${first.json().nextCursor}`,
      headers: as(admin.token),
    });
    expect(next.json()).toEqual({
      items: [expect.objectContaining({ name: "Valley Rural Hospital", sector: "healthcare" })],
    });
    const again = await app.inject({
      url: "/api/v1/orgs?limit=2",
      headers: { ...as(admin.token), "if-none-match": first.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    expect((await app.inject({ url: "/api/v1/orgs?cursor=garbage", headers: as(admin.token) })).statusCode).toBe(400);

    const audit = await db.kysely.selectFrom("audit_log").selectAll().orderBy("seq").execute();
    expect(audit.map((a) => a.action)).toEqual(["admin.bootstrap", "org.create", "org.create", "org.create"]);
    expect(audit[1]?.request_id).toBe("create-operator");
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: true, entries: 4 });
  });

  it("makes, lists and revokes tokens; a narrower token cannot widen itself or administer", async () => {
    const made = await app.inject({
      method: "POST",
      url: "/api/v1/tokens",
      headers: as(admin.token),
      payload: { name: "read-only", scopes: ["read"], expiresInDays: 30 },
    });
    expect(made.statusCode).toBe(201);
    const { secret, token } = made.json();
    expect(token.expiresAt).toBe(new Date(NOW.getTime() + 30 * 86_400_000).toISOString());
    expect(JSON.stringify(token)).not.toContain(secret);
    expect((await app.inject({ url: "/api/v1/me", headers: as(secret) })).statusCode).toBe(200);
    const widen = await app.inject({
      method: "POST",
      url: "/api/v1/tokens",
      headers: as(secret),
      payload: { name: "sneaky", scopes: ["read", "write"] },
    });
    expect(widen.statusCode).toBe(403);
    const orgByReadOnly = await app.inject({
      method: "POST",
      url: "/api/v1/orgs",
      headers: as(secret),
      payload: { name: "X", kind: "vendor" },
    });
    expect(orgByReadOnly.statusCode).toBe(403);
    const list = await app.inject({ url: "/api/v1/tokens", headers: as(admin.token) });
    expect(
      list
        .json()
        .items.map((t: { name: string }) => t.name)
        .sort(),
    ).toEqual(["bootstrap", "read-only"]);
    expect(
      (await app.inject({ method: "DELETE", url: `/api/v1/tokens/${token.id}`, headers: as(admin.token) })).statusCode,
    ).toBe(204);
    expect((await app.inject({ url: "/api/v1/me", headers: as(secret) })).statusCode).toBe(401);
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: true, entries: 3 });
  });

  it("bootstraps only an empty database", async () => {
    expect(await bootstrapAdmin(db, "second@example.org", NOW)).toBeUndefined();
  });
});
