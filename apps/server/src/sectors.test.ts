import {
  ApiTokenRepository,
  AssetRepository,
  BulletinRepository,
  migrateServerDb,
  OrganisationRepository,
  UserRepository,
} from "@bulwark/db";
import { insertAlert, type TestAlert, type TestServerDb, testDialects } from "@bulwark/db/testing";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, buildTestApp } from "./testing.ts";

const NOW = new Date("2026-12-02T12:00:00Z");
const VULN = "CVE-2026-5000";
const OTHER = "CVE-2026-5001";

const zeros = { affected: 0, acknowledged: 0, remediated: 0, overdue: 0 };
const noAlerts = {
  open: 0,
  acknowledged: 0,
  "in-progress": 0,
  remediated: 0,
  "not-affected": 0,
  "risk-accepted": 0,
  total: 0,
  overdue: 0,
};
const empty = (sector: string) => ({
  sector,
  operators: zeros,
  assets: zeros,
  alerts: noAlerts,
  medianDaysToRemediate: null,
});

describe.each(testDialects())("the coordinator's sector view on $name", (dialect) => {
  let db: TestServerDb;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  const org: Record<string, string> = {};

  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
    app = await buildTestApp(db, () => NOW);
    const orgs = new OrganisationRepository(db.kysely);
    org.H1 = (await orgs.create({ name: "h1", kind: "operator", sector: "healthcare" }, NOW)).id;
    org.H2 = (await orgs.create({ name: "h2", kind: "operator", sector: "healthcare" }, NOW)).id;
    org.F1 = (await orgs.create({ name: "f1", kind: "operator", sector: "financial" }, NOW)).id;
    org.X = (await orgs.create({ name: "x", kind: "vendor" }, NOW)).id;
    const users = new UserRepository(db.kysely);
    for (const [who, platform, member] of [
      ["coordinator", "coordinator", undefined],
      ["admin", "admin", undefined],
      ["auditor", "auditor", undefined],
      ["owner", undefined, org.H1],
    ] as const) {
      const u = await users.create({ email: `${who}@example.org` }, NOW);
      if (platform !== undefined) await users.grantPlatformRole(u.id, platform, NOW);
      if (member !== undefined) await users.setMembership(u.id, member, "owner", NOW);
      tokens[who] = (
        await new ApiTokenRepository(db.kysely).create({ userId: u.id, name: who, scopes: ["read"] }, NOW)
      ).secret;
    }
    const assets = new AssetRepository(db.kysely);
    const asset: Record<string, string> = {};
    for (const [o, names] of Object.entries({
      H1: ["h1a", "h1b"],
      H2: ["h2a"],
      F1: ["f1a", "f1b", "f1c"],
      X: ["xa"],
    })) {
      for (const name of names) {
        asset[name] = (
          await assets.create(
            { orgId: org[o] as string, name, kind: "server", criticality: "medium", exposed: false },
            NOW,
          )
        ).id;
      }
    }
    const detected = "2026-11-01T00:00:00.000Z";
    const rows: [string, string, Partial<TestAlert>][] = [
      // H1: one remediated in 3 days and one overdue open alert on h1a; h1b not affected.
      ["H1", "h1a", { status: "remediated", firstDetectedAt: detected, resolvedAt: "2026-11-04T00:00:00.000Z" }],
      ["H1", "h1a", { name: "other", dueAt: "2026-11-30" }],
      ["H1", "h1b", { status: "not-affected" }],
      // H2: remediated in 10.5 days, and in progress with time left.
      ["H2", "h2a", { status: "remediated", firstDetectedAt: detected, resolvedAt: "2026-11-11T12:00:00.000Z" }],
      ["H2", "h2a", { name: "other", status: "in-progress", dueAt: "2026-12-10" }],
      // F1: acknowledged and overdue; risk accepted past its date (not overdue); remediated in a day; withdrawn.
      ["F1", "f1a", { status: "acknowledged", dueAt: "2026-12-01" }],
      ["F1", "f1b", { status: "risk-accepted", dueAt: "2026-11-01" }],
      ["F1", "f1c", { status: "remediated", firstDetectedAt: detected, resolvedAt: "2026-11-02T00:00:00.000Z" }],
      ["F1", "f1c", { name: "other", status: "closed", dueAt: "2026-11-01" }],
      // X has no sector; due today is not overdue yet.
      ["X", "xa", { dueAt: "2026-12-02" }],
    ];
    for (const [o, a, extra] of rows) {
      await insertAlert(db, { orgId: org[o] as string, assetId: asset[a] as string, vulnId: VULN, ...extra }, NOW);
    }
    // Another vulnerability: overdue and open on h1b, seen only in the view across all.
    await insertAlert(
      db,
      { orgId: org.H1 as string, assetId: asset.h1b as string, vulnId: OTHER, dueAt: "2026-11-01" },
      NOW,
    );
  });
  afterEach(async () => {
    await app.close();
    await db.dispose();
  });

  async function report(query: string, who = "coordinator") {
    const r = await app.inject({
      method: "GET",
      url: `/api/v1/reports/sectors${query}`,
      headers: bearer(tokens[who] as string),
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  }

  it("counts operators, assets and alerts per sector for one vulnerability, with the median time to remediate", async () => {
    const bulletin = await new BulletinRepository(db.kysely).create(
      { vulnId: VULN, title: "t", instructions: "i" },
      NOW,
    );
    const repo = new BulletinRepository(db.kysely);
    await repo.deliver(bulletin.id, [org.H1, org.H2, org.F1, org.X] as string[], NOW);
    await repo.mark(bulletin.id, org.H1 as string, "acknowledged", NOW);
    await repo.mark(bulletin.id, org.F1 as string, "applied", NOW);
    await repo.mark(bulletin.id, org.X as string, "viewed", NOW);

    const body = await report(`?vuln=${VULN}`);
    expect(body.vulnId).toBe(VULN);
    expect(body.bulletinId).toBe(bulletin.id);
    expect(body.today).toBe("2026-12-02");
    const noBulletin = { delivered: 0, viewed: 0, acknowledged: 0, applied: 0, total: 0 };
    expect(body.sectors).toEqual([
      {
        sector: "healthcare",
        operators: { affected: 2, acknowledged: 1, remediated: 0, overdue: 1 },
        assets: { affected: 3, acknowledged: 2, remediated: 1, overdue: 1 },
        alerts: { ...noAlerts, open: 1, "in-progress": 1, remediated: 2, "not-affected": 1, total: 5, overdue: 1 },
        medianDaysToRemediate: 6.75,
        bulletin: { ...noBulletin, delivered: 1, acknowledged: 1, total: 2 },
      },
      {
        sector: "financial",
        operators: { affected: 1, acknowledged: 1, remediated: 0, overdue: 1 },
        assets: { affected: 3, acknowledged: 3, remediated: 1, overdue: 1 },
        alerts: { ...noAlerts, acknowledged: 1, remediated: 1, "risk-accepted": 1, total: 3, overdue: 1 },
        medianDaysToRemediate: 1,
        bulletin: { ...noBulletin, applied: 1, total: 1 },
      },
      ...["energy", "water", "communications", "government", "other"].map((s) => ({
        ...empty(s),
        bulletin: noBulletin,
      })),
      {
        sector: "unspecified",
        operators: { affected: 1, acknowledged: 0, remediated: 0, overdue: 0 },
        assets: { affected: 1, acknowledged: 0, remediated: 0, overdue: 0 },
        alerts: { ...noAlerts, open: 1, total: 1 },
        medianDaysToRemediate: null,
        bulletin: { ...noBulletin, viewed: 1, total: 1 },
      },
    ]);
    expect(body.total).toEqual({
      sector: "all",
      operators: { affected: 4, acknowledged: 2, remediated: 0, overdue: 2 },
      assets: { affected: 7, acknowledged: 5, remediated: 2, overdue: 2 },
      alerts: {
        open: 2,
        acknowledged: 1,
        "in-progress": 1,
        remediated: 3,
        "not-affected": 1,
        "risk-accepted": 1,
        total: 9,
        overdue: 2,
      },
      // Median of 1, 3 and 10.5 days.
      medianDaysToRemediate: 3,
      bulletin: { delivered: 1, viewed: 1, acknowledged: 1, applied: 1, total: 4 },
    });
  });

  it("covers every vulnerability without ?vuln=, and answers zeros for one nobody has", async () => {
    const all = await report("");
    expect(all.vulnId).toBeUndefined();
    const healthcare = all.sectors.find((s: { sector: string }) => s.sector === "healthcare");
    // h1b now also has the other vulnerability's overdue open alert.
    expect(healthcare).toEqual({
      sector: "healthcare",
      operators: { affected: 2, acknowledged: 1, remediated: 0, overdue: 1 },
      assets: { affected: 3, acknowledged: 1, remediated: 0, overdue: 2 },
      alerts: { ...noAlerts, open: 2, "in-progress": 1, remediated: 2, "not-affected": 1, total: 6, overdue: 2 },
      medianDaysToRemediate: 6.75,
    });
    expect(all.total.alerts.total).toBe(10);
    const none = await report("?vuln=CVE-1999-0001", "admin");
    expect(none.bulletinId).toBeUndefined();
    expect(none.total).toEqual(empty("all"));
    expect(none.sectors.map((s: { sector: string }) => s.sector)).toEqual([
      "healthcare",
      "financial",
      "energy",
      "water",
      "communications",
      "government",
      "other",
    ]);
  });

  it("is for coordinators and platform admins only", async () => {
    for (const who of ["owner", "auditor"]) {
      const r = await app.inject({
        method: "GET",
        url: "/api/v1/reports/sectors",
        headers: bearer(tokens[who] as string),
      });
      expect(r.statusCode).toBe(403);
      expect(r.json().code).toBe("BULWARK_AUTH_FORBIDDEN");
    }
    expect((await app.inject({ method: "GET", url: "/api/v1/reports/sectors" })).statusCode).toBe(401);
    const bad = await app.inject({
      method: "GET",
      url: "/api/v1/reports/sectors?vuln=",
      headers: bearer(tokens.coordinator as string),
    });
    expect(bad.statusCode).toBe(400);
  });
});
