import { readFileSync } from "node:fs";
import { isImportProblem, parseKev, parseOsvJson, readOsvZip } from "@bulwark/advisories";
import { fixturePath } from "@bulwark/core/testing";
import {
  ApiTokenRepository,
  importIntoKnowledgeBase,
  migrateServerDb,
  OrganisationRepository,
  UserRepository,
} from "@bulwark/db";
import { type TestServerDb, testDialects } from "@bulwark/db/testing";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, buildTestApp } from "../testing.ts";
import { monitorKnowledgeChanges } from "./monitor-pass.ts";

const NOW = new Date("2026-12-02T12:00:00Z");
const KEV = parseKev(
  JSON.parse(readFileSync(fixturePath("kev", "known_exploited_vulnerabilities.json"), "utf8")),
  "known_exploited_vulnerabilities.json",
);
const kevEntry = (cve: string) => KEV.entries.find((v) => v.cveID === cve);
const batchOf = (...ecosystems: string[]) => ({
  osv: ecosystems.map((e) => ({
    source: `osv:${e}`,
    location: e,
    full: true,
    records: readOsvZip(readFileSync(fixturePath("osv", e, "all.zip")), e).records,
  })),
  kev: { catalog: KEV, location: "kev.json" },
});

/** Bulwark's native inventory JSON with these (ecosystem, name, version) packages. */
function inventory(...packages: [string, string, string][]): Buffer {
  return Buffer.from(
    JSON.stringify({
      sources: [{ kind: "file", path: "inventory.json" }],
      packages: packages.map(([ecosystem, name, version]) => ({ ecosystem, name, version, locations: [] })),
      notes: [],
    }),
  );
}

describe.each(testDialects())("continuous monitoring on $name", (dialect) => {
  let db: TestServerDb;
  let app: FastifyInstance;
  let orgId: string;
  let token: string;
  const monitor = () => monitorKnowledgeChanges(db, { now: () => NOW });

  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
    app = await buildTestApp(db, () => NOW);
    orgId = (
      await new OrganisationRepository(db.kysely).create(
        { name: "County Water", kind: "operator", sector: "water" },
        NOW,
      )
    ).id;
    const users = new UserRepository(db.kysely);
    const user = await users.create({ email: "it@water.example" }, NOW);
    await users.setMembership(user.id, orgId, "member", NOW);
    token = (
      await new ApiTokenRepository(db.kysely).create({ userId: user.id, name: "it", scopes: ["read", "write"] }, NOW)
    ).secret;
  });
  afterEach(async () => {
    await app.close();
    await db.dispose();
  });

  async function createAsset(name: string, criticality = "high", exposed = true): Promise<string> {
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/assets",
      headers: bearer(token),
      payload: { orgId, name, kind: "server", criticality, exposed },
    });
    expect(res.statusCode).toBe(201);
    return res.json().id;
  }
  async function upload(assetId: string, bytes: Buffer) {
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/assets/${assetId}/inventories?filename=inventory.json`,
      headers: { ...bearer(token), "content-type": "application/octet-stream" },
      payload: bytes,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }
  async function alerts(query = "") {
    const res = await app.inject({ method: "GET", url: `/api/v1/alerts${query}`, headers: bearer(token) });
    expect(res.statusCode, res.body).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: the test reads the API's JSON as it comes, checked field by field.
    return res.json().items as Record<string, any>[];
  }

  it("opens alerts when advisories arrive after the upload, with KEV-started due dates and SSVC by criticality", async () => {
    const server = await createAsset("scada-gateway");
    const first = await upload(
      server,
      inventory(["Go", "stdlib", "1.12.0"], ["PyPI", "setuptools", "0.6"], ["PyPI", "requests", "2.31.0"]),
    );
    expect(first.alerts).toEqual({ opened: 0, updated: 0, reopened: 0, remediated: 0, closed: 0 });

    await importIntoKnowledgeBase(db, batchOf("PyPI", "Go"), NOW);
    const report = await monitor();
    expect(report.assets).toBe(1);
    expect(report.opened).toBeGreaterThanOrEqual(2);
    expect(await monitor()).toMatchObject({ changes: 0, opened: 0 });

    const open = await alerts("?status=open&limit=200");
    expect(open.length).toBe(report.opened);
    const kev = open.find((a) => a.vulnerability.id === "CVE-2020-0601");
    expect(kev, JSON.stringify(open.map((a) => a.vulnerability.id))).toBeDefined();
    expect(kev?.asset.name).toBe("scada-gateway");
    expect(kev?.package).toMatchObject({ ecosystem: "Go", name: "stdlib", version: "1.12.0" });
    expect(kev?.vulnerability.ids).toContain("GO-2022-0535");
    // The clock started when CISA listed it, long before this first detection: it is overdue already.
    const added = kevEntry("CVE-2020-0601")?.dateAdded as string;
    expect(kev?.kev.dateAdded).toBe(added);
    expect(kev?.clockStart).toBe(added);
    expect(kev?.timeline.policy).toBe("bod-26-04");
    expect(kev?.dueAt).toBeTypeOf("string");
    expect(kev?.dueAt > added).toBe(true);
    expect(kev?.overdue).toBe(true);
    expect(kev?.ssvc).toMatchObject({ exploitation: "active", missionWellbeing: "high" });
    expect(["Act", "Attend"]).toContain(kev?.ssvc.decision);
    expect(kev?.fixedVersions).toContain("1.12.16");
    // Most urgent first: the KEV-listed vulnerability leads.
    expect(open[0]?.kev).not.toBeNull();

    const setuptools = open.filter((a) => a.package.name === "setuptools");
    expect(setuptools.map((a) => a.vulnerability.id)).toContain("CVE-2013-1633");
    const plain = setuptools.find((a) => a.vulnerability.id === "CVE-2013-1633");
    expect(plain?.kev).toBeNull();
    expect(plain?.clockStart).toBe("2026-12-02");

    const overdue = await alerts("?overdue=true");
    expect(overdue.map((a) => a.id)).toContain(kev?.id);
    // The asset itself tells its state: its inventory and how many alerts are active and overdue.
    const asset = (await app.inject({ method: "GET", url: `/api/v1/assets/${server}`, headers: bearer(token) })).json();
    expect(asset.currentInventory).toMatchObject({ seq: 1, componentCount: 3 });
    expect(asset.alerts).toEqual({ active: report.opened, overdue: expect.any(Number) });
    expect(asset.alerts.overdue).toBeGreaterThanOrEqual(1);
    const listed = (
      await app.inject({ method: "GET", url: `/api/v1/assets?orgId=${orgId}`, headers: bearer(token) })
    ).json();
    expect(listed.items[0]).toMatchObject({ name: "scada-gateway", alerts: asset.alerts });
  });

  it("matches a new upload at once, resolves by re-upload with the upload as evidence, and keeps every change", async () => {
    await importIntoKnowledgeBase(db, batchOf("PyPI", "Go"), NOW);
    await monitor();
    const app1 = await createAsset("billing", "low", false);
    const up1 = await upload(app1, inventory(["PyPI", "setuptools", "0.6"], ["Go", "stdlib", "1.12.0"]));
    expect(up1.alerts.opened).toBeGreaterThanOrEqual(2);
    const [first] = await alerts(`?vuln=CVE-2013-1633`);
    expect(first?.status).toBe("open");
    // Low mission criticality, not exposed: the same finding gets a milder SSVC decision input.
    const go = (await alerts("?vuln=GO-2022-0535"))[0];
    expect(go?.ssvc.missionWellbeing).toBe("low");

    const ack = await app.inject({
      method: "POST",
      url: `/api/v1/alerts/${first?.id}/status`,
      headers: bearer(token),
      payload: { status: "acknowledged", note: "patch window Friday" },
    });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().status).toBe("acknowledged");

    // The fixed release: setuptools 0.7 and Go 1.13.7.
    const up2 = await upload(app1, inventory(["PyPI", "setuptools", "0.7"], ["Go", "stdlib", "1.13.7"]));
    expect(up2.alerts.remediated).toBeGreaterThanOrEqual(2);
    const detail = await app.inject({ method: "GET", url: `/api/v1/alerts/${first?.id}`, headers: bearer(token) });
    const body = detail.json();
    expect(body.status).toBe("remediated");
    expect(body.evidenceInventoryId).toBe(up2.inventory.id);
    expect(body.history.map((h: { to: string }) => h.to)).toEqual(["open", "acknowledged", "remediated"]);
    expect(body.history[1]).toMatchObject({ from: "open", note: "patch window Friday" });
    expect(body.history[1].actor).toBeTypeOf("string");
    expect(body.history[2].actor).toBeUndefined();

    // A downgrade brings it back: the same alert reopens, its history continues.
    const up3 = await upload(app1, inventory(["PyPI", "setuptools", "0.6"]));
    expect(up3.alerts.reopened).toBeGreaterThanOrEqual(1);
    const again = await app.inject({ method: "GET", url: `/api/v1/alerts/${first?.id}`, headers: bearer(token) });
    expect(again.json().status).toBe("open");
    expect(again.json().history.at(-1)).toMatchObject({ from: "remediated", to: "open" });
  });

  it("closes alerts of a withdrawn advisory, and refuses unjustified status changes", async () => {
    await importIntoKnowledgeBase(db, batchOf("PyPI"), NOW);
    await monitor();
    const asset = await createAsset("portal");
    await upload(asset, inventory(["PyPI", "setuptools", "0.6"]));
    const [alert] = await alerts("?vuln=PYSEC-2013-22");
    expect(alert?.status).toBe("open");

    const bad = await app.inject({
      method: "POST",
      url: `/api/v1/alerts/${alert?.id}/status`,
      headers: bearer(token),
      payload: { status: "not-affected" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe("BULWARK_REQUEST_INVALID");
    const risk = await app.inject({
      method: "POST",
      url: `/api/v1/alerts/${alert?.id}/status`,
      headers: bearer(token),
      payload: { status: "risk-accepted", reason: "isolated network", expiresAt: "2020-01-01" },
    });
    expect(risk.statusCode).toBe(400);

    // The record withdrawn upstream: a newer copy with `withdrawn` set.
    const zip = readOsvZip(readFileSync(fixturePath("osv", "PyPI", "all.zip")), "PyPI");
    const original = zip.records.find((r) => r.record.id === "PYSEC-2013-22");
    const withdrawn = parseOsvJson(
      JSON.stringify({ ...original?.record, modified: "2026-12-01T00:00:00Z", withdrawn: "2026-12-01T00:00:00Z" }),
      "PYSEC-2013-22.json",
    );
    if (isImportProblem(withdrawn)) throw new Error(withdrawn.reason);
    await importIntoKnowledgeBase(
      db,
      { osv: [{ source: "osv:corrections", location: "corrections", full: false, records: [withdrawn] }] },
      NOW,
    );
    const report = await monitor();
    expect(report.closed).toBe(1);
    const detail = await app.inject({ method: "GET", url: `/api/v1/alerts/${alert?.id}`, headers: bearer(token) });
    expect(detail.json()).toMatchObject({ status: "closed", statusReason: "withdrawn: PYSEC-2013-22" });
    // The upload route's warm matcher dropped the withdrawn advisory too: a new asset with the
    // same package gets no alert for it, while the package's other advisories still match.
    const fresh = await createAsset("portal-2");
    const later = await upload(fresh, inventory(["PyPI", "setuptools", "0.6"]));
    const freshAlerts = await alerts(`?assetId=${fresh}&limit=200`);
    expect(freshAlerts.flatMap((a) => a.vulnerability.ids)).not.toContain("PYSEC-2013-22");
    expect(later.alerts.opened).toBe(freshAlerts.length);
    const closedChange = await app.inject({
      method: "POST",
      url: `/api/v1/alerts/${alert?.id}/status`,
      headers: bearer(token),
      payload: { status: "acknowledged" },
    });
    expect(closedChange.statusCode).toBe(409);
  });

  it("re-decides an asset's alerts when its criticality or exposure changes", async () => {
    await importIntoKnowledgeBase(db, batchOf("Go"), NOW);
    const gw = await createAsset("gateway", "low", false);
    await upload(gw, inventory(["Go", "stdlib", "1.12.0"]));
    const [before] = await alerts("?vuln=GO-2022-0535");
    expect(before?.ssvc.missionWellbeing).toBe("low");
    const patched = await app.inject({
      method: "PATCH",
      url: `/api/v1/assets/${gw}`,
      headers: bearer(token),
      payload: { criticality: "high", exposed: true, owner: "OT team" },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ criticality: "high", exposed: true, owner: "OT team" });
    const [after] = await alerts("?vuln=GO-2022-0535");
    expect(after?.id).toBe(before?.id);
    expect(after?.ssvc.missionWellbeing).toBe("high");
    expect(after?.status).toBe("open");
    const empty = await app.inject({
      method: "PATCH",
      url: `/api/v1/assets/${gw}`,
      headers: bearer(token),
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
  });

  it("moves an alert's clock and due date when KEV lists its vulnerability later", async () => {
    const { kev: _kev, ...withoutKev } = batchOf("Go");
    await importIntoKnowledgeBase(db, withoutKev, NOW);
    await monitor();
    const gw = await createAsset("gateway", "high", true);
    await upload(gw, inventory(["Go", "stdlib", "1.12.0"]));
    const [before] = await alerts("?vuln=GO-2022-0535");
    expect(before?.kev).toBeNull();
    expect(before?.clockStart).toBe("2026-12-02");
    expect(before?.overdue).toBe(false);

    await importIntoKnowledgeBase(db, { kev: { catalog: KEV, location: "kev.json" } }, NOW);
    const report = await monitor();
    expect(report.updated).toBeGreaterThanOrEqual(1);
    const [after] = await alerts("?vuln=GO-2022-0535");
    expect(after?.id).toBe(before?.id);
    expect(after?.kev.cve).toBe("CVE-2020-0601");
    expect(after?.clockStart).toBe(kevEntry("CVE-2020-0601")?.dateAdded);
    expect(after?.overdue).toBe(true);
    expect(after?.ssvc.exploitation).toBe("active");
    // Only the advisories of CVEs the catalog changed were fed to the monitor, not the whole corpus.
    expect(report.advisories).toBeLessThan(50);
  });

  it("keeps alerts to the organisation's members", async () => {
    await importIntoKnowledgeBase(db, batchOf("PyPI"), NOW);
    const asset = await createAsset("portal");
    await upload(asset, inventory(["PyPI", "setuptools", "0.6"]));
    const [alert] = await alerts();
    const other = (await new OrganisationRepository(db.kysely).create({ name: "Bank", kind: "operator" }, NOW)).id;
    const users = new UserRepository(db.kysely);
    const outsider = await users.create({ email: "x@bank.example" }, NOW);
    await users.setMembership(outsider.id, other, "owner", NOW);
    const t = (
      await new ApiTokenRepository(db.kysely).create({ userId: outsider.id, name: "x", scopes: ["read", "write"] }, NOW)
    ).secret;
    const res = await app.inject({ method: "GET", url: `/api/v1/alerts/${alert?.id}`, headers: bearer(t) });
    expect(res.statusCode).toBe(404);
    const list = await app.inject({ method: "GET", url: `/api/v1/alerts?orgId=${orgId}`, headers: bearer(t) });
    expect(list.statusCode).toBe(404);
    expect((await app.inject({ method: "GET", url: "/api/v1/alerts", headers: bearer(t) })).json().items).toEqual([]);
  });
});
