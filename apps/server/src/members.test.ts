import { ApiTokenRepository, migrateServerDb, verifyAuditChain } from "@bulwark/db";
import { type TestServerDb, testDialects } from "@bulwark/db/testing";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bootstrapAdmin } from "./bootstrap.ts";
import { buildTestApp } from "./testing.ts";

const NOW = new Date("2026-12-02T12:00:00Z");

describe.each(testDialects())("users and members on $name", (dialect) => {
  let db: TestServerDb;
  let app: FastifyInstance;
  let admin: string;
  let orgId: string;
  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
    app = await buildTestApp(db, () => NOW);
    admin = ((await bootstrapAdmin(db, "admin@example.org", NOW)) as { token: string }).token;
    const org = await app.inject({
      method: "POST",
      url: "/api/v1/orgs",
      headers: as(admin),
      payload: { name: "Rural Hospital", kind: "operator", sector: "healthcare" },
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
  async function tokenFor(email: string): Promise<string> {
    const user = (await db.kysely.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow())
      .id;
    return (await new ApiTokenRepository(db.kysely).create({ userId: user, name: "t", scopes: ["read", "write"] }, NOW))
      .secret;
  }
  async function createUser(email: string) {
    return app.inject({ method: "POST", url: "/api/v1/users", headers: as(admin), payload: { email } });
  }
  async function putMember(token: string, email: string, role: string) {
    return app.inject({
      method: "PUT",
      url: `/api/v1/orgs/${orgId}/members`,
      headers: as(token),
      payload: { email, role },
    });
  }

  it("lets platform admins create users (a generated password shown once) and no one else", async () => {
    const made = await createUser("It.Lead@Hospital.example");
    expect(made.statusCode).toBe(201);
    expect(made.json().user.email).toBe("it.lead@hospital.example");
    expect(made.json().password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await createUser("it.lead@hospital.example")).statusCode).toBe(409);
    expect(
      (
        await app.inject({
          method: "POST",
          url: "/api/v1/users",
          headers: as(admin),
          payload: { email: "not-an-email" },
        })
      ).statusCode,
    ).toBe(400);
    const lead = await tokenFor("it.lead@hospital.example");
    const byLead = await app.inject({
      method: "POST",
      url: "/api/v1/users",
      headers: as(lead),
      payload: { email: "x@y.example" },
    });
    expect(byLead.statusCode).toBe(403);
  });

  it("lets owners and admins manage members, never above their own role, never dropping the last owner", async () => {
    for (const e of ["owner@h.example", "admin@h.example", "analyst@h.example", "outsider@h.example"])
      await createUser(e);
    expect((await putMember(admin, "owner@h.example", "owner")).statusCode).toBe(200);
    const owner = await tokenFor("owner@h.example");
    expect((await putMember(owner, "admin@h.example", "admin")).json()).toMatchObject({ role: "admin" });
    const adminOfOrg = await tokenFor("admin@h.example");
    expect((await putMember(adminOfOrg, "analyst@h.example", "analyst")).statusCode).toBe(200);
    const tooHigh = await putMember(adminOfOrg, "analyst@h.example", "owner");
    expect(tooHigh.statusCode).toBe(403);
    expect(tooHigh.json().message).toMatch(/above your own/);
    const analyst = await tokenFor("analyst@h.example");
    expect((await putMember(analyst, "outsider@h.example", "viewer")).statusCode).toBe(403);
    const outsider = await tokenFor("outsider@h.example");
    expect((await app.inject({ url: `/api/v1/orgs/${orgId}/members`, headers: as(outsider) })).statusCode).toBe(404);
    const list = await app.inject({ url: `/api/v1/orgs/${orgId}/members`, headers: as(analyst) });
    expect(list.json().items.map((m: { email: string; role: string }) => `${m.email}:${m.role}`)).toEqual([
      "admin@h.example:admin",
      "analyst@h.example:analyst",
      "owner@h.example:owner",
    ]);
    const ownerId = list.json().items.find((m: { role: string }) => m.role === "owner").userId;
    const lastOwner = await app.inject({
      method: "DELETE",
      url: `/api/v1/orgs/${orgId}/members/${ownerId}`,
      headers: as(owner),
    });
    expect(lastOwner.statusCode).toBe(409);
    expect((await putMember(owner, "owner@h.example", "admin")).statusCode).toBe(409);
    const analystId = list.json().items.find((m: { role: string }) => m.role === "analyst").userId;
    expect(
      (
        await app.inject({
          method: "DELETE",
          url: `/api/v1/orgs/${orgId}/members/${analystId}`,
          headers: as(adminOfOrg),
        })
      ).statusCode,
    ).toBe(204);
    const actions = (await db.kysely.selectFrom("audit_log").select("action").orderBy("seq").execute()).map(
      (a) => a.action,
    );
    expect(actions.filter((a) => a.startsWith("member."))).toEqual([
      "member.add",
      "member.add",
      "member.add",
      "member.remove",
    ]);
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: true });
  });
});
