import { ApiTokenRepository, KnowledgeBase, migrateServerDb, OutboxRepository, verifyAuditChain } from "@bulwark/db";
import { type TestServerDb, testDialects } from "@bulwark/db/testing";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildApp } from "./app.ts";
import { bootstrapAdmin } from "./bootstrap.ts";
import { knowledgeOf } from "./kb-knowledge.ts";
import { deliverDueWebhooks } from "./notify/deliver-webhooks.ts";
import { verifyWebhook } from "./notify/webhook-signature.ts";

const NOW = new Date("2026-12-02T12:00:00Z");

describe.each(testDialects())("webhook routes on $name", (dialect) => {
  let db: TestServerDb;
  let app: FastifyInstance;
  let admin: string;
  let orgId: string;
  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
    app = await buildApp({
      db,
      knowledge: knowledgeOf(new KnowledgeBase(db)),
      clock: () => NOW,
      version: "test",
      logLevel: "silent",
    });
    admin = ((await bootstrapAdmin(db, "admin@example.org", NOW)) as { token: string }).token;
    const org = await app.inject({
      method: "POST",
      url: "/api/v1/orgs",
      headers: as(admin),
      payload: { name: "Community Bank", kind: "operator", sector: "financial" },
    });
    orgId = org.json().id;
  });
  afterEach(async () => {
    await app.close();
    await db.dispose();
  });

  function as(token: string) {
    return { authorization: `Bearer ${token}` };
  }
  /** A user with `role` in the organisation, and a read/write token for them. */
  async function member(email: string, role: string): Promise<string> {
    await app.inject({ method: "POST", url: "/api/v1/users", headers: as(admin), payload: { email } });
    if (role !== "none") {
      const put = await app.inject({
        method: "PUT",
        url: `/api/v1/orgs/${orgId}/members`,
        headers: as(admin),
        payload: { email, role },
      });
      expect(put.statusCode).toBe(200);
    }
    const user = (await db.kysely.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow())
      .id;
    return (await new ApiTokenRepository(db.kysely).create({ userId: user, name: "t", scopes: ["read", "write"] }, NOW))
      .secret;
  }
  function create(token: string, payload: object) {
    return app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/webhooks`, headers: as(token), payload });
  }

  it("lets owners and admins add, list, test and delete webhooks; the secret is shown once", async () => {
    const owner = await member("owner@bank.example", "owner");
    const made = await create(owner, { url: "https://siem.bank.example/hooks", description: "SIEM" });
    expect(made.statusCode).toBe(201);
    const { webhook, secret } = made.json();
    expect(secret).toMatch(/^whsec_/);
    expect(webhook).toMatchObject({ orgId, url: "https://siem.bank.example/hooks", enabled: true });
    const adminOfOrg = await member("admin@bank.example", "admin");
    const list = await app.inject({ url: `/api/v1/orgs/${orgId}/webhooks`, headers: as(adminOfOrg) });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([webhook]);
    expect(list.body).not.toContain(secret);

    const test = await app.inject({
      method: "POST",
      url: `/api/v1/orgs/${orgId}/webhooks/${webhook.id}/test`,
      headers: as(adminOfOrg),
    });
    expect(test.statusCode).toBe(202);
    const queued = await new OutboxRepository(db.kysely).byId(test.json().messageId);
    expect(queued).toMatchObject({ kind: "webhook", targetId: webhook.id, state: "pending" });
    expect(JSON.parse(queued?.payload as string)).toMatchObject({
      type: "webhook.test",
      data: { webhookId: webhook.id },
    });
    // The queued test goes out signed with the secret the creation answer showed.
    const seen: boolean[] = [];
    const fakeFetch = (async (_url: string, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      seen.push(verifyWebhook(secret, headers, init.body as string, NOW).ok);
      return new Response(null, { status: 200 });
    }) as typeof fetch;
    expect(await deliverDueWebhooks(db, { fetch: fakeFetch, clock: () => NOW })).toMatchObject({ sent: 1 });
    expect(seen).toEqual([true]);

    const del = await app.inject({
      method: "DELETE",
      url: `/api/v1/orgs/${orgId}/webhooks/${webhook.id}`,
      headers: as(owner),
    });
    expect(del.statusCode).toBe(204);
    expect((await app.inject({ url: `/api/v1/orgs/${orgId}/webhooks`, headers: as(owner) })).json().items).toEqual([]);
    const again = await app.inject({
      method: "DELETE",
      url: `/api/v1/orgs/${orgId}/webhooks/${webhook.id}`,
      headers: as(owner),
    });
    expect(again.statusCode).toBe(404);
    const actions = (await db.kysely.selectFrom("audit_log").select("action").orderBy("seq").execute())
      .map((a) => a.action)
      .filter((a) => a.startsWith("webhook."));
    expect(actions).toEqual(["webhook.create", "webhook.test", "webhook.delete"]);
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: true });
  });

  it("refuses other roles, outsiders and anonymous callers", async () => {
    const owner = await member("owner@bank.example", "owner");
    const hook = (await create(owner, { url: "https://a.example/h" })).json().webhook.id;
    for (const role of ["analyst", "member", "viewer", "none"]) {
      const token = await member(`${role}@bank.example`, role);
      expect((await create(token, { url: "https://a.example/h" })).statusCode).toBe(403);
      expect((await app.inject({ url: `/api/v1/orgs/${orgId}/webhooks`, headers: as(token) })).statusCode).toBe(403);
      const del = await app.inject({
        method: "DELETE",
        url: `/api/v1/orgs/${orgId}/webhooks/${hook}`,
        headers: as(token),
      });
      expect(del.statusCode).toBe(403);
    }
    expect((await app.inject({ url: `/api/v1/orgs/${orgId}/webhooks` })).statusCode).toBe(401);
  });

  it("accepts only http(s) URLs without credentials", async () => {
    const owner = await member("owner@bank.example", "owner");
    for (const url of [
      "ftp://a.example/h",
      "file:///etc/passwd",
      "javascript:alert(1)",
      "not a url",
      "https://user:pw@a.example/h",
      "https://user@a.example/h",
    ]) {
      const r = await create(owner, { url });
      expect([url, r.statusCode, r.json().code]).toEqual([url, 400, "BULWARK_REQUEST_INVALID"]);
    }
    expect((await create(owner, { url: "http://10.0.0.5:8080/h" })).statusCode).toBe(201);
    expect((await create(owner, { url: "https://a.example/h", extra: 1 })).statusCode).toBe(400);
  });
});
