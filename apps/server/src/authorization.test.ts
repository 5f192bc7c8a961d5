import {
  ApiTokenRepository,
  migrateServerDb,
  OrganisationRepository,
  UserRepository,
  verifyAuditChain,
} from "@bulwark/db";
import { type TestServerDb, testDialects } from "@bulwark/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "./testing.ts";

// The authorisation matrix: who may call what. Each row is an endpoint, each column a caller;
// the table literal is the specification, and the test checks every cell over HTTP.

const NOW = new Date("2026-12-02T12:00:00Z");

const CALLERS = [
  "anonymous",
  "platformAdmin",
  "coordinator",
  "owner",
  "orgAdmin",
  "analyst",
  "member",
  "viewer",
  "outsider",
  "ownerReadOnly",
] as const;
type Caller = (typeof CALLERS)[number];

interface Endpoint {
  readonly name: string;
  request(ctx: Ctx, caller: Caller): { method: "GET" | "POST" | "PUT"; url: string; payload?: unknown };
  readonly expected: Readonly<Record<Caller, number>>;
}

interface Ctx {
  readonly orgId: string;
}

const row = (
  anonymous: number,
  platformAdmin: number,
  coordinator: number,
  owner: number,
  orgAdmin: number,
  analyst: number,
  member: number,
  viewer: number,
  outsider: number,
  ownerReadOnly: number,
): Record<Caller, number> => ({
  anonymous,
  platformAdmin,
  coordinator,
  owner,
  orgAdmin,
  analyst,
  member,
  viewer,
  outsider,
  ownerReadOnly,
});

const osvRecord = (id: string) => ({
  id,
  modified: "2026-11-01T00:00:00Z",
  summary: `Flaw ${id}`,
  affected: [{ package: { ecosystem: "PyPI", name: "demo" }, versions: ["1.0"] }],
});

//                                        anon  padm  coord owner oadm  anal  memb  view  outs  ro
const ENDPOINTS: readonly Endpoint[] = [
  {
    name: "GET /api/v1/me",
    request: () => ({ method: "GET", url: "/api/v1/me" }),
    expected: row(401, 200, 200, 200, 200, 200, 200, 200, 200, 200),
  },
  {
    name: "POST /api/v1/orgs",
    request: (_c, who) => ({ method: "POST", url: "/api/v1/orgs", payload: { name: `Org by ${who}`, kind: "vendor" } }),
    expected: row(401, 201, 201, 403, 403, 403, 403, 403, 403, 403),
  },
  {
    name: "GET /api/v1/orgs/{id}",
    request: (c) => ({ method: "GET", url: `/api/v1/orgs/${c.orgId}` }),
    expected: row(401, 200, 200, 200, 200, 200, 200, 200, 404, 200),
  },
  {
    name: "GET /api/v1/orgs/{id}/members",
    request: (c) => ({ method: "GET", url: `/api/v1/orgs/${c.orgId}/members` }),
    expected: row(401, 200, 404, 200, 200, 200, 200, 200, 404, 200),
  },
  {
    name: "PUT /api/v1/orgs/{id}/members",
    request: (c) => ({
      method: "PUT",
      url: `/api/v1/orgs/${c.orgId}/members`,
      payload: { email: "newcomer@example.org", role: "viewer" },
    }),
    expected: row(401, 200, 403, 200, 200, 403, 403, 403, 403, 403),
  },
  {
    name: "POST /api/v1/users",
    request: (_c, who) => ({
      method: "POST",
      url: "/api/v1/users",
      payload: { email: `made-by-${who.toLowerCase()}@example.org` },
    }),
    expected: row(401, 201, 403, 403, 403, 403, 403, 403, 403, 403),
  },
  {
    name: "POST /api/v1/advisories",
    request: (c, who) => ({
      method: "POST",
      url: "/api/v1/advisories",
      payload: { record: osvRecord(`BWK-AUTHZ-${who}`), tlp: "AMBER", orgId: c.orgId },
    }),
    expected: row(401, 403, 403, 201, 201, 201, 201, 403, 403, 403),
  },
  {
    name: "POST /api/v1/tokens",
    request: (_c, who) => ({ method: "POST", url: "/api/v1/tokens", payload: { name: `by-${who}`, scopes: ["read"] } }),
    expected: row(401, 201, 201, 201, 201, 201, 201, 201, 201, 403),
  },
  {
    name: "GET /api/v1/tokens",
    request: () => ({ method: "GET", url: "/api/v1/tokens" }),
    expected: row(401, 200, 200, 200, 200, 200, 200, 200, 200, 200),
  },
];

describe.each(testDialects())("authorisation matrix on $name", (dialect) => {
  let db: TestServerDb;
  let app: FastifyInstance;
  let ctx: Ctx;
  const tokens: Partial<Record<Caller, string>> = {};

  beforeAll(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
    app = await buildTestApp(db, () => NOW);
    const users = new UserRepository(db.kysely);
    const apiTokens = new ApiTokenRepository(db.kysely);
    const org = await new OrganisationRepository(db.kysely).create(
      { name: "Water Utility", kind: "operator", sector: "water" },
      NOW,
    );
    const other = await new OrganisationRepository(db.kysely).create({ name: "Elsewhere", kind: "vendor" }, NOW);
    ctx = { orgId: org.id };
    await users.create({ email: "newcomer@example.org" }, NOW);
    const make = async (who: Caller, opts: { org?: string; role?: string; platform?: string[]; scopes?: string[] }) => {
      const u = await users.create({ email: `${who.toLowerCase()}@example.org` }, NOW);
      if (opts.org !== undefined && opts.role !== undefined) await users.setMembership(u.id, opts.org, opts.role, NOW);
      for (const r of opts.platform ?? []) await users.grantPlatformRole(u.id, r, NOW);
      tokens[who] = (
        await apiTokens.create({ userId: u.id, name: who, scopes: opts.scopes ?? ["admin", "read", "write"] }, NOW)
      ).secret;
      return u.id;
    };
    await make("platformAdmin", { platform: ["admin"] });
    await make("coordinator", { platform: ["coordinator"] });
    const owner = await make("owner", { org: org.id, role: "owner" });
    tokens.ownerReadOnly = (await apiTokens.create({ userId: owner, name: "ro", scopes: ["read"] }, NOW)).secret;
    await make("orgAdmin", { org: org.id, role: "admin" });
    await make("analyst", { org: org.id, role: "analyst" });
    await make("member", { org: org.id, role: "member" });
    await make("viewer", { org: org.id, role: "viewer" });
    await make("outsider", { org: other.id, role: "owner" });
  });
  afterAll(async () => {
    await app.close();
    await db.dispose();
  });

  for (const endpoint of ENDPOINTS) {
    it(endpoint.name, async () => {
      const got: Partial<Record<Caller, number>> = {};
      for (const caller of CALLERS) {
        const { method, url, payload } = endpoint.request(ctx, caller);
        const token = tokens[caller];
        const r = await app.inject({
          method,
          url,
          ...(payload !== undefined && { payload: payload as object }),
          ...(token !== undefined && { headers: { authorization: `Bearer ${token}` } }),
        });
        got[caller] = r.statusCode;
        // Every refusal is a coded error body.
        if (r.statusCode >= 400) expect(r.json().code).toMatch(/^BULWARK_/);
      }
      expect(got).toEqual(endpoint.expected);
    });
  }

  it("leaves an intact audit chain behind", async () => {
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: true });
  });
});
