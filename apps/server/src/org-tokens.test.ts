import { migrateServerDb, verifyAuditChain } from "@bulwark/db";
import { type TestServerDb, testDialects } from "@bulwark/db/testing";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bootstrapAdmin } from "./bootstrap.ts";
import { orgTokenAccountEmail } from "./routes/tokens.ts";
import { bearer, buildTestApp } from "./testing.ts";

const NOW = new Date("2026-12-02T12:00:00Z");

describe.each(testDialects())("organisation tokens on $name", (dialect) => {
  let db: TestServerDb;
  let app: FastifyInstance;
  let admin: string;
  let orgId: string;
  let otherOrgId: string;
  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
    app = await buildTestApp(db, () => NOW);
    admin = ((await bootstrapAdmin(db, "admin@example.org", NOW)) as { token: string }).token;
    const org = (name: string) =>
      app.inject({
        method: "POST",
        url: "/api/v1/orgs",
        headers: bearer(admin),
        payload: { name, kind: "operator", sector: "healthcare" },
      });
    orgId = (await org("Rural Hospital")).json().id;
    otherOrgId = (await org("Valley Clinic")).json().id;
  });
  afterEach(async () => {
    await app.close();
    await db.dispose();
  });

  const makeToken = (token: string, payload: Record<string, unknown>) =>
    app.inject({ method: "POST", url: "/api/v1/tokens", headers: bearer(token), payload });
  const createAsset = (token: string, org: string, name: string) =>
    app.inject({
      method: "POST",
      url: "/api/v1/assets",
      headers: bearer(token),
      payload: { orgId: org, name, kind: "server", criticality: "high", exposed: false },
    });

  it("makes a token that acts in its organisation only, with its role and none of its maker's platform roles", async () => {
    const made = await makeToken(admin, { name: "ops", orgId, role: "admin", expiresInDays: 90 });
    expect(made.statusCode).toBe(201);
    const { token, secret, role } = made.json();
    expect(role).toBe("admin");
    expect(token).toMatchObject({ orgId, scopes: ["read", "write"], name: "ops" });
    expect(token.expiresAt).toBe(new Date(NOW.getTime() + 90 * 86_400_000).toISOString());

    const me = (await app.inject({ url: "/api/v1/me", headers: bearer(secret) })).json();
    expect(me).toMatchObject({
      email: orgTokenAccountEmail(orgId, "admin"),
      memberships: [{ orgId, role: "admin" }],
      platformRoles: [],
      token: { scopes: ["read", "write"], orgId },
    });
    // The admin's own token has no organisation, so /me names none.
    expect((await app.inject({ url: "/api/v1/me", headers: bearer(admin) })).json().token.orgId).toBeUndefined();

    expect((await createAsset(secret, orgId, "ehr-db")).statusCode).toBe(201);
    expect((await createAsset(secret, otherOrgId, "x")).statusCode).toBe(403);
    // Neither organisations nor other organisations' members: no platform role came with the token.
    const org = await app.inject({
      method: "POST",
      url: "/api/v1/orgs",
      headers: bearer(secret),
      payload: { name: "Mine", kind: "vendor" },
    });
    expect(org.statusCode).toBe(403);
    expect((await app.inject({ url: `/api/v1/orgs/${otherOrgId}/members`, headers: bearer(secret) })).statusCode).toBe(
      404,
    );
    // The organisation sees the token account among its members.
    const members = (await app.inject({ url: `/api/v1/orgs/${orgId}/members`, headers: bearer(admin) })).json();
    expect(members.items).toEqual([expect.objectContaining({ email: orgTokenAccountEmail(orgId, "admin") })]);
  });

  it("gives a viewer token read only, and reuses one account per role", async () => {
    const viewer = (await makeToken(admin, { name: "dash", orgId, role: "viewer" })).json();
    expect(viewer.token.scopes).toEqual(["read"]);
    expect((await createAsset(viewer.secret, orgId, "a")).statusCode).toBe(403);
    expect(
      (await app.inject({ url: `/api/v1/assets?orgId=${orgId}`, headers: bearer(viewer.secret) })).statusCode,
    ).toBe(200);
    const second = (await makeToken(admin, { name: "dash2", orgId, role: "viewer" })).json();
    const accounts = await db.kysely
      .selectFrom("users")
      .select("email")
      .where("email", "like", "%.bulwark.invalid")
      .execute();
    expect(accounts).toEqual([{ email: orgTokenAccountEmail(orgId, "viewer") }]);
    expect((await app.inject({ url: "/api/v1/me", headers: bearer(second.secret) })).statusCode).toBe(200);
    const wider = await makeToken(admin, { name: "w", orgId, role: "viewer", scopes: ["read", "write"] });
    expect(wider.statusCode).toBe(403);
  });

  it("lets an organisation's admin token make tokens up to its own role, for its organisation only", async () => {
    const adminToken = (await makeToken(admin, { name: "ops", orgId, role: "admin" })).json().secret;
    expect((await makeToken(adminToken, { name: "ci", orgId, role: "member" })).statusCode).toBe(201);
    const owner = await makeToken(adminToken, { name: "up", orgId, role: "owner" });
    expect(owner.statusCode).toBe(403);
    expect(owner.json().code).toBe("BULWARK_AUTH_FORBIDDEN");
    expect((await makeToken(adminToken, { name: "there", orgId: otherOrgId, role: "viewer" })).statusCode).toBe(403);
    const analyst = (await makeToken(admin, { name: "a", orgId, role: "analyst" })).json().secret;
    expect((await makeToken(analyst, { name: "v", orgId, role: "viewer" })).statusCode).toBe(403);
  });

  it("refuses a role without an organisation, an unknown role and an unknown organisation", async () => {
    const noOrg = await makeToken(admin, { name: "x", role: "admin" });
    expect(noOrg.statusCode).toBe(400);
    expect(noOrg.json().message).toMatch(/orgId/);
    expect((await makeToken(admin, { name: "x", orgId, role: "superuser" })).statusCode).toBe(400);
    expect((await makeToken(admin, { name: "x", orgId: "nope", role: "admin" })).statusCode).toBe(403);
  });

  it("keeps a removed membership a revocation, and audits every step", async () => {
    const first = (await makeToken(admin, { name: "one", orgId, role: "member" })).json();
    const me = (await app.inject({ url: "/api/v1/me", headers: bearer(first.secret) })).json();
    const removed = await app.inject({
      method: "DELETE",
      url: `/api/v1/orgs/${orgId}/members/${me.id}`,
      headers: bearer(admin),
    });
    expect(removed.statusCode).toBe(204);
    expect((await createAsset(first.secret, orgId, "a")).statusCode).toBe(403);
    const second = (await makeToken(admin, { name: "two", orgId, role: "member" })).json();
    expect((await createAsset(second.secret, orgId, "b")).statusCode).toBe(201);
    // The first token stays cut off: making a new one does not bring it back.
    expect((await app.inject({ url: "/api/v1/me", headers: bearer(first.secret) })).statusCode).toBe(401);

    const audit = await db.kysely.selectFrom("audit_log").select(["action", "details"]).orderBy("seq").execute();
    expect(audit.map((a) => a.action)).toEqual([
      "admin.bootstrap",
      "org.create",
      "org.create",
      "member.add",
      "token.create",
      "member.remove",
      "member.add",
      "token.create",
      "asset.create",
    ]);
    expect(JSON.parse(audit[4]?.details as string)).toMatchObject({ role: "member", scopes: ["read", "write"] });
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: true });
  });
});
