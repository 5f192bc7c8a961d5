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
import { findInCheckout } from "../repo-paths.ts";
import { bearer, buildTestApp } from "../testing.ts";
import { DEMO_ASSETS, DEMO_ORG } from "./seed.ts";

// The demo seed through the API, and the console's endpoints on what it loads: the fixtures'
// ~900 advisories and three real SBOMs are imported and matched once per dialect.

const NOW = new Date("2026-12-02T12:00:00Z");
const FIXTURES = findInCheckout("fixtures") as string;

interface SeedAnswer {
  orgId: string;
  advisories: number;
  assets: { id: string; name: string; components: number; alerts: number }[];
}

describe.each(testDialects())("demo seed and console endpoints on $name", (dialect) => {
  let db: TestServerDb;
  let app: FastifyInstance;
  const tokens = { admin: "", member: "", readOnlyAdmin: "" };
  let setupBefore: Record<string, unknown>;
  let refused: { statusCode: number; code: string };
  let first: { statusCode: number; body: SeedAnswer };
  let second: { statusCode: number; body: SeedAnswer };

  beforeAll(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
    app = await buildTestApp(db, () => NOW, { fixturesDir: FIXTURES });
    const users = new UserRepository(db.kysely);
    const apiTokens = new ApiTokenRepository(db.kysely);
    const admin = await users.create({ email: "admin@example.org" }, NOW);
    await users.grantPlatformRole(admin.id, "admin", NOW);
    tokens.admin = (
      await apiTokens.create({ userId: admin.id, name: "a", scopes: ["admin", "read", "write"] }, NOW)
    ).secret;
    tokens.readOnlyAdmin = (await apiTokens.create({ userId: admin.id, name: "r", scopes: ["read"] }, NOW)).secret;
    const other = await new OrganisationRepository(db.kysely).create({ name: "Bank", kind: "operator" }, NOW);
    const member = await users.create({ email: "member@example.org" }, NOW);
    await users.setMembership(member.id, other.id, "owner", NOW);
    tokens.member = (await apiTokens.create({ userId: member.id, name: "m", scopes: ["read", "write"] }, NOW)).secret;

    setupBefore = (await app.inject({ method: "GET", url: "/api/v1/setup", headers: bearer(tokens.admin) })).json();
    const no = await app.inject({ method: "POST", url: "/api/v1/demo/seed", headers: bearer(tokens.member) });
    refused = { statusCode: no.statusCode, code: no.json().code };
    const seed = async () => {
      const r = await app.inject({
        method: "POST",
        url: "/api/v1/demo/seed",
        headers: bearer(tokens.admin),
        payload: {},
      });
      return { statusCode: r.statusCode, body: r.json() as SeedAnswer };
    };
    first = await seed();
    second = await seed();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  const get = (url: string, token = tokens.admin) => app.inject({ method: "GET", url, headers: bearer(token) });
  const assetId = (name: string) => first.body.assets.find((a) => a.name === name)?.id as string;

  it("seeds once for a platform admin, refuses others, and answers the same the second time", async () => {
    expect(setupBefore).toEqual({
      advisories: 0,
      organisations: 1,
      assets: 0,
      demo: { seeded: false },
      canSeed: true,
    });
    expect(refused).toEqual({ statusCode: 403, code: "BULWARK_AUTH_FORBIDDEN" });
    const readOnly = await app.inject({
      method: "POST",
      url: "/api/v1/demo/seed",
      headers: bearer(tokens.readOnlyAdmin),
    });
    expect(readOnly.statusCode).toBe(403);

    expect(first.statusCode).toBe(201);
    expect(first.body.advisories).toBe(906);
    expect(first.body.assets.map((a) => a.name)).toEqual(DEMO_ASSETS.map((a) => a.name));
    for (const a of first.body.assets) {
      expect(a.components).toBeGreaterThan(0);
      expect(a.alerts).toBeGreaterThanOrEqual(1);
    }
    expect(second).toEqual({ statusCode: 200, body: first.body });

    const after = (await get("/api/v1/setup")).json();
    expect(after).toEqual({
      advisories: 906,
      organisations: 2,
      assets: 3,
      demo: { seeded: true, orgId: first.body.orgId },
      canSeed: true,
    });
    expect((await get("/api/v1/setup", tokens.member)).json()).toMatchObject({ canSeed: false });
    expect((await get("/api/v1/setup", tokens.readOnlyAdmin)).json()).toMatchObject({ canSeed: false });
    expect((await app.inject({ method: "GET", url: "/api/v1/setup" })).statusCode).toBe(401);

    // The admin owns the demo organisation and reads its assets like any member.
    const org = (await get(`/api/v1/orgs/${first.body.orgId}`)).json();
    expect(org).toMatchObject({ name: DEMO_ORG.name, kind: "operator", sector: "healthcare" });
    const members = (await get(`/api/v1/orgs/${first.body.orgId}/members`)).json().items;
    expect(members).toEqual([expect.objectContaining({ email: "admin@example.org", role: "owner" })]);
    const gateway = (await get(`/api/v1/assets/${assetId("Patient portal API gateway")}`)).json();
    expect(gateway).toMatchObject({ criticality: "high", exposed: true, environment: "production" });
    expect(gateway.currentInventory).toMatchObject({ format: "spdx-json", seq: 1 });
    expect(gateway.alerts.active).toBe(first.body.assets[0]?.alerts);

    // Alerts were made by the upload path: SSVC decided, the upload audited.
    const alerts = (await get(`/api/v1/alerts?orgId=${first.body.orgId}&limit=200`)).json().items;
    expect(alerts.length).toBe(first.body.assets.reduce((n, a) => n + a.alerts, 0));
    expect(alerts.every((a: { ssvc: unknown }) => a.ssvc !== null)).toBe(true);
    const audit = await db.kysely.selectFrom("audit_log").select("action").execute();
    expect(audit.filter((e) => e.action === "inventory.upload")).toHaveLength(3);
    expect(audit.filter((e) => e.action === "org.create")).toHaveLength(1);
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true);
  });

  it("lists an asset's components sorted, searched and paged", async () => {
    const id = assetId("Clinician secure mail bridge");
    const expected = first.body.assets.find((a) => a.id === id)?.components as number;
    const seen: { ecosystem: string; name: string; version: string }[] = [];
    let cursor: string | undefined;
    do {
      const r = await get(`/api/v1/assets/${id}/components?limit=50${cursor ? `&cursor=${cursor}` : ""}`);
      expect(r.statusCode).toBe(200);
      expect(r.json().total).toBe(expected);
      seen.push(...r.json().items);
      cursor = r.json().nextCursor;
    } while (cursor !== undefined);
    expect(seen).toHaveLength(expected);
    const keys = seen.map((c) => [c.ecosystem, c.name, c.version]);
    expect(keys).toEqual([...keys].sort((a, b) => (a.join("\u0000") < b.join("\u0000") ? -1 : 1)));

    const net = (await get(`/api/v1/assets/${id}/components?q=${encodeURIComponent("GOLANG.org/X/")}`)).json();
    expect(net.total).toBeGreaterThan(2);
    expect(net.items.every((c: { name: string }) => c.name.startsWith("golang.org/x/"))).toBe(true);
    expect(net.items.map((c: { name: string }) => c.name)).toContain("golang.org/x/net");
    // The purl is searched too, and LIKE's wildcards are taken literally.
    const byPurl = (await get(`/api/v1/assets/${id}/components?q=pkg:golang/github.com/emersion`)).json();
    expect(byPurl.total).toBeGreaterThan(0);
    expect((await get(`/api/v1/assets/${id}/components?q=%25`)).json()).toEqual({ items: [], total: 0 });

    const gateway = (await get(`/api/v1/assets/${assetId("Patient portal API gateway")}/components`)).json();
    expect(gateway.items).toContainEqual({
      ecosystem: "crates.io",
      name: "hyper",
      version: "0.14",
      purl: "pkg:cargo/hyper@0.14",
    });

    const outsider = await get(`/api/v1/assets/${id}/components`, tokens.member);
    expect(outsider.statusCode).toBe(404);
    expect(outsider.json().code).toBe("BULWARK_OBJECT_NOT_FOUND");
    expect((await get(`/api/v1/assets/${id}/components?cursor=bm9wZQ`)).statusCode).toBe(400);

    const empty = await app.inject({
      method: "POST",
      url: "/api/v1/assets",
      headers: bearer(tokens.admin),
      payload: {
        orgId: first.body.orgId,
        name: "New lab analyser",
        kind: "device",
        criticality: "low",
        exposed: false,
      },
    });
    expect((await get(`/api/v1/assets/${empty.json().id}/components`)).json()).toEqual({ items: [], total: 0 });
  });

  it("summarises the seeded alerts from aggregate reads", async () => {
    const r = await get(`/api/v1/alerts/summary?orgId=${first.body.orgId}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers.etag).toBeDefined();
    const s = r.json();
    const total = first.body.assets.reduce((n, a) => n + a.alerts, 0);
    expect(s).toMatchObject({ orgId: first.body.orgId, today: "2026-12-02", active: total, overdue: 0 });
    expect(s.byStatus.map((e: { status: string }) => e.status)).toEqual([
      "open",
      "acknowledged",
      "in-progress",
      "remediated",
      "not-affected",
      "risk-accepted",
      "closed",
    ]);
    expect(s.byStatus[0]).toEqual({ status: "open", count: total });
    const sum = (list: { count: number }[]) => list.reduce((n, e) => n + e.count, 0);
    expect(sum(s.byDecision)).toBe(total);
    expect(sum(s.bySeverity)).toBe(total);
    expect(s.byDecision.find((d: { decision: string }) => d.decision === "unknown").count).toBe(0);
    expect(s.byAsset.map((a: { active: number }) => a.active)).toEqual(
      [...first.body.assets.map((a) => a.alerts)].sort((a, b) => b - a),
    );
    expect(s.series).toHaveLength(90);
    expect(s.series[0].date).toBe("2026-09-04");
    expect(s.series[89]).toEqual({ date: "2026-12-02", opened: total, resolved: 0, active: total });
    expect(s.series[88]).toEqual({ date: "2026-12-01", opened: 0, resolved: 0, active: 0 });

    expect((await get(`/api/v1/alerts/summary?orgId=${first.body.orgId}`, tokens.member)).statusCode).toBe(404);
    expect((await get("/api/v1/alerts/summary")).statusCode).toBe(400);
  });

  it("searches the knowledge base by id, alias and package", async () => {
    const search = async (q: string, limit?: number) => {
      const r = await get(`/api/v1/knowledge/search?q=${encodeURIComponent(q)}${limit ? `&limit=${limit}` : ""}`);
      expect(r.statusCode).toBe(200);
      return r.json().items as {
        id: string;
        aliases: string[];
        modified: string;
        packages: { ecosystem: string; name: string }[];
        kev: boolean;
        severity?: { level: string; score?: number };
      }[];
    };
    // An id in any case; the KEV flag and the severity an affected[] entry carries.
    const [nginx] = await search("bit-NGINX-2023-44487");
    expect(nginx).toMatchObject({
      id: "BIT-nginx-2023-44487",
      aliases: ["CVE-2023-44487"],
      packages: [{ ecosystem: "Bitnami", name: "nginx" }],
      kev: true,
      severity: { level: "high", score: 7.5 },
    });
    expect((await search("cve-2023-44487")).map((h) => h.id)).toEqual(["BIT-nginx-2023-44487"]);
    // A GHSA alias typed in upper case.
    expect((await search("GHSA-5H46-H7HH-C6X9")).map((h) => h.id)).toEqual(["RUSTSEC-2021-0079"]);
    expect((await search("RUSTSEC-2021-0079"))[0]).toMatchObject({ kev: false, severity: { level: "critical" } });

    // A package, normalised as PyPI normalises names; newest first, up to the limit.
    const django = await search("Django", 100);
    expect(django).toHaveLength(100);
    expect(
      django.every((h) => h.packages.some((p) => p.ecosystem === "PyPI" && p.name.toLowerCase() === "django")),
    ).toBe(true);
    const modified = django.map((h) => h.modified);
    expect(modified).toEqual([...modified].sort((a, b) => Date.parse(b) - Date.parse(a)));
    expect((await search("PyPI:django", 5)).map((h) => h.id)).toEqual(django.slice(0, 5).map((h) => h.id));
    expect((await search("pkg:pypi/django", 5)).map((h) => h.id)).toEqual(django.slice(0, 5).map((h) => h.id));
    expect(await search("crates.io:django")).toEqual([]);
    expect(
      (await search("golang.org/x/net", 3)).every((h) => h.packages.some((p) => p.name === "golang.org/x/net")),
    ).toBe(true);
    expect(await search("no-such-thing")).toEqual([]);

    // A crate: every advisory naming it.
    const hyper = await search("hyper", 50);
    expect(hyper.length).toBeGreaterThan(5);
    expect(hyper.every((h) => h.packages.some((p) => p.name === "hyper"))).toBe(true);

    // Only TLP:CLEAR records are found, as /v1/vulns/{id} serves only those.
    await db.kysely.updateTable("kb_advisories").set({ tlp: "AMBER" }).where("id", "=", "RUSTSEC-2021-0079").execute();
    expect(await search("RUSTSEC-2021-0079")).toEqual([]);
    await db.kysely.updateTable("kb_advisories").set({ tlp: "CLEAR" }).where("id", "=", "RUSTSEC-2021-0079").execute();

    expect((await get("/api/v1/knowledge/search?q=a")).statusCode).toBe(400);
    expect((await get("/api/v1/knowledge/search?q=django&limit=101")).statusCode).toBe(400);
    expect((await app.inject({ method: "GET", url: "/api/v1/knowledge/search?q=django" })).statusCode).toBe(401);
    expect((await get("/api/v1/knowledge/search?q=django", tokens.member)).statusCode).toBe(200);
  });
});
