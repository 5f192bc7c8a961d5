import { execFileSync, spawnSync } from "node:child_process";
import { createHash, createPublicKey, randomBytes, verify } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixturePath, REPO_ROOT } from "@bulwark/core/testing";
import {
  ApiTokenRepository,
  AssetRepository,
  BulletinRepository,
  ensureSigningKey,
  LocalBlobStore,
  migrateServerDb,
  OrganisationRepository,
  UserRepository,
  verifyAuditChain,
} from "@bulwark/db";
import { insertAlert, insertEvent, type TestServerDb, testDialects } from "@bulwark/db/testing";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BULLETINS_CURSOR, deliverBulletins } from "./bulletins/deliver.ts";
import { bearer, buildTestApp } from "./testing.ts";

const T0 = new Date("2026-12-02T12:00:00Z");
const VULN = "CVE-2026-0001";
const OTHER = "CVE-2026-0002";
const CLI = join(REPO_ROOT, "apps/cli/dist/bulwark.js");

type Who = "coordinator" | "admin" | "ownerA" | "viewerA" | "memberB" | "ownerC";

describe.each(testDialects())("remediation bulletins on $name", (dialect) => {
  let db: TestServerDb;
  let app: FastifyInstance;
  let blobDir: string;
  let now: Date;
  const tokens = {} as Record<Who, string>;
  const users = {} as Record<Who, string>;
  const orgs = {} as Record<"A" | "B" | "C", string>;
  const assets = {} as Record<"portal" | "lab" | "banking" | "scada", string>;

  beforeEach(async () => {
    now = T0;
    db = await dialect.open();
    await migrateServerDb(db);
    blobDir = mkdtempSync(join(tmpdir(), "bulwark-bulletin-blobs-"));
    const signer = await ensureSigningKey(db, randomBytes(32), T0);
    app = await buildTestApp(db, () => now, { signer, blobs: new LocalBlobStore(blobDir) });
    const orgRepo = new OrganisationRepository(db.kysely);
    orgs.A = (await orgRepo.create({ name: "hospital", kind: "operator", sector: "healthcare" }, T0)).id;
    orgs.B = (await orgRepo.create({ name: "bank", kind: "operator", sector: "financial" }, T0)).id;
    orgs.C = (await orgRepo.create({ name: "water", kind: "operator", sector: "water" }, T0)).id;
    const userRepo = new UserRepository(db.kysely);
    const make = async (who: Who, org?: string, role?: string, platform?: string) => {
      const u = await userRepo.create({ email: `${who.toLowerCase()}@example.org` }, T0);
      if (org !== undefined && role !== undefined) await userRepo.setMembership(u.id, org, role, T0);
      if (platform !== undefined) await userRepo.grantPlatformRole(u.id, platform, T0);
      users[who] = u.id;
      tokens[who] = (
        await new ApiTokenRepository(db.kysely).create({ userId: u.id, name: who, scopes: ["read", "write"] }, T0)
      ).secret;
    };
    await make("coordinator", undefined, undefined, "coordinator");
    await make("admin", undefined, undefined, "admin");
    await make("ownerA", orgs.A, "owner");
    await make("viewerA", orgs.A, "viewer");
    await make("memberB", orgs.B, "member");
    await make("ownerC", orgs.C, "owner");
    const assetRepo = new AssetRepository(db.kysely);
    const asset = async (orgId: string, name: string) =>
      (await assetRepo.create({ orgId, name, kind: "server", criticality: "high", exposed: false, tags: [] }, T0)).id;
    assets.portal = await asset(orgs.A, "portal");
    assets.lab = await asset(orgs.A, "lab");
    assets.banking = await asset(orgs.B, "core-banking");
    assets.scada = await asset(orgs.C, "scada");
    // Found first, so its spelling of the package names the bulletin's fix.
    const earlier = "2026-12-01T00:00:00.000Z";
    await insertAlert(
      db,
      { orgId: orgs.A, assetId: assets.portal, vulnId: VULN, fixedVersions: ["1.10", "1.2"], firstDetectedAt: earlier },
      T0,
    );
    await insertAlert(
      db,
      { orgId: orgs.A, assetId: assets.lab, vulnId: VULN, name: "Demo", version: "1.1", fixedVersions: ["1.2"] },
      T0,
    );
    await insertAlert(
      db,
      {
        orgId: orgs.B,
        assetId: assets.banking,
        vulnId: VULN,
        ecosystem: "npm",
        name: "left-pad",
        version: "0.1.0",
        severity: "critical",
        fixedVersions: ["0.2.0"],
      },
      T0,
    );
    await insertAlert(db, { orgId: orgs.C, assetId: assets.scada, vulnId: OTHER }, T0);
  });
  afterEach(async () => {
    await app.close();
    await db.dispose();
    rmSync(blobDir, { recursive: true, force: true });
  });

  function call(who: Who | undefined, method: "GET" | "POST" | "PUT", url: string, payload?: object) {
    return app.inject({
      method,
      url,
      ...(who !== undefined && { headers: bearer(tokens[who]) }),
      ...(payload !== undefined && { payload }),
    });
  }

  async function publish(vulnId = VULN, extra: object = {}) {
    const r = await call("coordinator", "POST", "/api/v1/bulletins", {
      vulnId,
      title: "Upgrade demo",
      instructions: "Install the fixed release and restart the service.",
      links: [{ url: "https://vendor.example/advisories/1", title: "Vendor advisory" }],
      ...extra,
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  }

  it("publishes a bulletin with fixes derived from the alerts and delivers it at once to every affected operator", async () => {
    const b = await publish();
    expect(b).toMatchObject({
      vulnId: VULN,
      title: "Upgrade demo",
      createdBy: users.coordinator,
      artifacts: [],
      deliveredTo: 2,
      links: [{ url: "https://vendor.example/advisories/1", title: "Vendor advisory" }],
    });
    // One entry per package (Demo and demo are one), versions in PEP 440 order, not as text.
    expect(b.fixes).toEqual([
      { ecosystem: "PyPI", name: "demo", fixedVersions: ["1.2", "1.10"] },
      { ecosystem: "npm", name: "left-pad", fixedVersions: ["0.2.0"] },
    ]);
    const deliveries = await db.kysely.selectFrom("bulletin_deliveries").selectAll().orderBy("org_id").execute();
    expect(deliveries.map((d) => [d.org_id, d.status, d.delivered_at])).toEqual(
      [orgs.A, orgs.B].sort().map((o) => [o, "delivered", T0.toISOString()]),
    );
    // Every member of each operator gets one inbox item listing its own affected assets.
    const inbox = await db.kysely.selectFrom("inbox_items").selectAll().orderBy("user_id").execute();
    expect(inbox.map((i) => i.user_id).sort()).toEqual([users.ownerA, users.viewerA, users.memberB].sort());
    for (const item of inbox) {
      expect(item).toMatchObject({
        kind: "bulletin",
        email_mode: "none",
        subject_id: b.id,
        link: `/api/v1/bulletins/${b.id}`,
      });
      expect(item.title).toBe(`Remediation bulletin for ${VULN}: Upgrade demo`);
    }
    const forA = inbox.find((i) => i.user_id === users.ownerA);
    expect(forA?.body).toMatch(/^Your affected assets: lab \(PyPI Demo 1\.1\); portal \(PyPI demo 1\.0\)\./);
    expect(forA?.severity).toBe("high");
    expect(inbox.find((i) => i.user_id === users.memberB)?.body).toMatch(/core-banking \(npm left-pad 0\.1\.0\)/);
    expect(inbox.find((i) => i.user_id === users.memberB)?.severity).toBe("critical");

    // One bulletin per vulnerability group.
    const again = await call("admin", "POST", "/api/v1/bulletins", { vulnId: VULN, title: "x", instructions: "y" });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: "BULWARK_OBJECT_CONFLICT", details: { bulletinId: b.id } });

    // Explicit fixes are kept as given; an update replaces them, and an empty list derives them again.
    const fixes = [{ ecosystem: "PyPI", name: "demo", fixedVersions: ["2.0"] }];
    const put = await call("coordinator", "PUT", `/api/v1/bulletins/${b.id}`, { fixes, title: "Upgrade demo now" });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ fixes, title: "Upgrade demo now", instructions: b.instructions });
    const rederived = await call("coordinator", "PUT", `/api/v1/bulletins/${b.id}`, { fixes: [] });
    expect(rederived.json().fixes).toEqual(b.fixes);
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true);
    const actions = await db.kysely.selectFrom("audit_log").select("action").orderBy("seq").execute();
    expect(actions.map((a) => a.action)).toEqual([
      "signing-key.create",
      "bulletin.create",
      "bulletin.update",
      "bulletin.update",
    ]);
  });

  it("refuses publishing to anyone but coordinators and platform admins, and bad input with coded errors", async () => {
    for (const who of ["ownerA", "memberB"] as const) {
      const r = await call(who, "POST", "/api/v1/bulletins", { vulnId: VULN, title: "x", instructions: "y" });
      expect(r.statusCode).toBe(403);
      expect(r.json().code).toBe("BULWARK_AUTH_FORBIDDEN");
    }
    expect(
      (await call(undefined, "POST", "/api/v1/bulletins", { vulnId: VULN, title: "x", instructions: "y" })).statusCode,
    ).toBe(401);
    const bad = await call("coordinator", "POST", "/api/v1/bulletins", {
      vulnId: VULN,
      title: "x",
      instructions: "y",
      links: [{ url: "javascript:alert(1)" }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe("BULWARK_REQUEST_INVALID");
    expect(
      (await call("admin", "POST", "/api/v1/bulletins", { vulnId: VULN, title: "x", instructions: "y" })).statusCode,
    ).toBe(201);
    expect((await call("coordinator", "PUT", "/api/v1/bulletins/nope", { title: "z" })).statusCode).toBe(404);
  });

  it("stores an uploaded artifact by SHA-256, signs it, and serves file and signature that check against the public key", async () => {
    const b = await publish();
    const bytes = readFileSync(fixturePath("osv", "PyPI", "all.zip"));
    const up = await app.inject({
      method: "POST",
      url: `/api/v1/bulletins/${b.id}/artifacts?filename=${encodeURIComponent("demo-1.2 patch.zip")}`,
      headers: { ...bearer(tokens.coordinator), "content-type": "application/zip" },
      payload: bytes,
    });
    expect(up.statusCode, up.body).toBe(201);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const key = (await app.inject({ method: "GET", url: "/.well-known/bulwark-signing-key" })).json();
    const artifact = up.json();
    expect(artifact).toMatchObject({
      bulletinId: b.id,
      filename: "demo-1.2 patch.zip",
      mediaType: "application/zip",
      size: bytes.length,
      sha256,
      keyId: key.keyId,
      url: `/api/v1/bulletins/${b.id}/artifacts/${artifact.id}`,
      signatureUrl: `/api/v1/bulletins/${b.id}/artifacts/${artifact.id}/signature`,
    });
    // Content-addressed: the blob's name is its hash.
    expect(readFileSync(join(blobDir, sha256.slice(0, 2), sha256.slice(2, 4), sha256)).equals(bytes)).toBe(true);

    // An operator it was delivered to downloads the bytes and the signature document.
    const file = await call("ownerA", "GET", artifact.url);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(bytes)).toBe(true);
    expect(file.headers["content-type"]).toBe("application/zip");
    expect(file.headers["content-disposition"]).toBe(
      `attachment; filename="demo-1.2 patch.zip"; filename*=UTF-8''demo-1.2%20patch.zip`,
    );
    expect(file.headers.etag).toBe(`"${sha256}"`);
    expect(file.headers.digest).toBe(`sha-256=${Buffer.from(sha256, "hex").toString("base64")}`);
    expect(file.headers["x-content-type-options"]).toBe("nosniff");
    const cached = await app.inject({
      method: "GET",
      url: artifact.url,
      headers: { ...bearer(tokens.ownerA), "if-none-match": `"${sha256}"` },
    });
    expect(cached.statusCode).toBe(304);
    const sig = await call("ownerA", "GET", artifact.signatureUrl);
    expect(sig.statusCode).toBe(200);
    expect(sig.headers["content-disposition"]).toMatch(/filename="demo-1\.2 patch\.zip\.sig"/);
    const doc = sig.json();
    expect(doc).toEqual({ algorithm: "ed25519", keyId: key.keyId, sha256, signature: artifact.signature });
    // Checked with node:crypto alone against the public key anyone can fetch.
    const publicKey = createPublicKey(key.publicKey);
    expect(verify(null, file.rawPayload, publicKey, Buffer.from(doc.signature, "base64"))).toBe(true);
    const changed = Buffer.from(file.rawPayload);
    changed[10] = (changed[10] as number) ^ 1;
    expect(verify(null, changed, publicKey, Buffer.from(doc.signature, "base64"))).toBe(false);

    // And with `bulwark verify` on the downloaded files, as an operator would.
    if (!existsSync(CLI)) execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: REPO_ROOT, stdio: "inherit" });
    const dir = mkdtempSync(join(tmpdir(), "bulwark-bulletin-dl-"));
    try {
      writeFileSync(join(dir, "patch.zip"), file.rawPayload);
      writeFileSync(join(dir, "patch.zip.sig"), sig.body);
      writeFileSync(join(dir, "key.pem"), key.publicKey);
      const run = (f: string) =>
        spawnSync(
          process.execPath,
          [CLI, "verify", join(dir, f), join(dir, "patch.zip.sig"), "--key", join(dir, "key.pem")],
          {
            encoding: "utf8",
          },
        );
      const ok = run("patch.zip");
      expect(ok.stderr).toBe("");
      expect(ok.status).toBe(0);
      expect(ok.stdout).toBe(`valid, signed by key ${key.keyId} (sha256 ${sha256})\n`);
      writeFileSync(join(dir, "changed.zip"), changed);
      const bad = run("changed.zip");
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/BULWARK_SIGNATURE_INVALID/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // The same bytes uploaded again are one blob and a second artifact; the bulletin lists both.
    now = new Date("2026-12-02T13:00:00Z");
    const second = await app.inject({
      method: "POST",
      url: `/api/v1/bulletins/${b.id}/artifacts`,
      headers: {
        ...bearer(tokens.admin),
        "x-filename": "../../etc/passwd",
        "content-type": "text/html; charset=utf-8",
      },
      payload: bytes,
    });
    expect(second.statusCode).toBe(201);
    expect(second.json()).toMatchObject({ filename: "passwd", mediaType: "text/html", sha256 });
    const detail = (await call("coordinator", "GET", `/api/v1/bulletins/${b.id}`)).json();
    expect(detail.artifacts.map((a: { id: string }) => a.id)).toEqual([artifact.id, second.json().id]);

    // Only publishers upload; outsiders cannot download; empty uploads are refused.
    const byOperator = await app.inject({
      method: "POST",
      url: `/api/v1/bulletins/${b.id}/artifacts`,
      headers: bearer(tokens.ownerA),
      payload: bytes,
    });
    expect(byOperator.statusCode).toBe(403);
    expect((await call("ownerC", "GET", artifact.url)).statusCode).toBe(404);
    expect((await call("ownerC", "GET", artifact.signatureUrl)).statusCode).toBe(404);
    expect((await call(undefined, "GET", artifact.url)).statusCode).toBe(401);
    const empty = await app.inject({
      method: "POST",
      url: `/api/v1/bulletins/${b.id}/artifacts`,
      headers: { ...bearer(tokens.coordinator), "content-type": "application/octet-stream" },
      payload: Buffer.alloc(0),
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe("BULWARK_REQUEST_INVALID");
    expect((await call("coordinator", "GET", `/api/v1/bulletins/${b.id}/artifacts/nope`)).statusCode).toBe(404);
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true);
  });

  it("delivers through the alert_events pass when an alert opens later, once per operator, advancing its cursor", async () => {
    const b = await publish(OTHER);
    // C already had an alert for OTHER: delivered at publication.
    expect(b.deliveredTo).toBe(1);
    // The pass starts from the beginning: every event so far is read, nothing new is delivered.
    const first = await deliverBulletins(db, { now: () => T0 });
    expect(first).toMatchObject({ events: 4, delivered: [], more: false });

    // An alert for OTHER opens at A; another one for a vulnerability without a bulletin at B.
    now = new Date("2026-12-03T08:00:00Z");
    const alertA = await insertAlert(
      db,
      { orgId: orgs.A, assetId: assets.lab, vulnId: OTHER, severity: "medium" },
      now,
    );
    await insertAlert(db, { orgId: orgs.B, assetId: assets.banking, vulnId: "CVE-2026-9999" }, now);
    const second = await deliverBulletins(db, { now: () => now });
    expect(second).toMatchObject({ events: 2, delivered: [{ bulletinId: b.id, orgId: orgs.A, recipients: 2 }] });
    const cursor = await db.kysely
      .selectFrom("job_cursors")
      .selectAll()
      .where("name", "=", BULLETINS_CURSOR)
      .executeTakeFirstOrThrow();
    const maxSeq = await db.kysely
      .selectFrom("alert_events")
      .select((eb) => eb.fn.max("seq").as("m"))
      .executeTakeFirstOrThrow();
    expect(Number(cursor.position)).toBe(Number(maxSeq.m));
    const inboxA = await db.kysely
      .selectFrom("inbox_items")
      .selectAll()
      .where("org_id", "=", orgs.A)
      .where("subject_id", "=", b.id)
      .execute();
    expect(inboxA).toHaveLength(2);
    expect(inboxA[0]).toMatchObject({ severity: "medium", created_at: now.toISOString() });
    expect(inboxA[0]?.body).toMatch(/^Your affected assets: lab \(PyPI demo 1\.0\)\./);

    // A reopening or a status change delivers nothing again; a run with nothing new reads nothing.
    await insertEvent(db, alertA, orgs.A, "remediated", "open", now.toISOString());
    await insertEvent(db, alertA, orgs.A, "open", "acknowledged", now.toISOString());
    expect(await deliverBulletins(db, { now: () => now })).toMatchObject({ events: 2, delivered: [] });
    expect(await deliverBulletins(db, { now: () => now })).toMatchObject({ events: 0, delivered: [] });
    expect(
      await db.kysely.selectFrom("inbox_items").select("id").where("subject_id", "=", b.id).execute(),
    ).toHaveLength(3);

    // Bounded batches: a batch of one reads one event and says more may wait.
    for (let i = 0; i < 3; i++) await insertEvent(db, alertA, orgs.A, "acknowledged", "open", now.toISOString());
    const small = await deliverBulletins(db, { now: () => now, batchSize: 1 });
    expect(small).toMatchObject({ events: 1, more: true });
    expect(await deliverBulletins(db, { now: () => now, batchSize: 10 })).toMatchObject({ events: 2, more: false });
  });

  it("moves a delivery forward only (viewed, acknowledged, applied), keeping the first time of each", async () => {
    const b = await publish();
    const url = `/api/v1/bulletins/${b.id}`;
    now = new Date("2026-12-02T13:00:00Z");
    const seen = await call("viewerA", "GET", url);
    expect(seen.statusCode).toBe(200);
    expect(seen.headers["cache-control"]).toBe("private, no-store");
    const body = seen.json();
    expect(body.delivery).toEqual({
      bulletinId: b.id,
      orgId: orgs.A,
      status: "viewed",
      deliveredAt: T0.toISOString(),
      viewedAt: now.toISOString(),
    });
    // Its own affected assets only, from its alerts; operators never see the delivery table.
    expect(body.affectedAssets.map((a: { name: string }) => a.name)).toEqual(["lab", "portal"]);
    expect(body.affectedAssets[0].components).toEqual([
      expect.objectContaining({
        ecosystem: "PyPI",
        name: "Demo",
        version: "1.1",
        status: "open",
        fixedVersions: ["1.2"],
      }),
    ]);
    expect(body.deliveries).toBeUndefined();

    // Viewers may read but not record progress.
    const byViewer = await call("viewerA", "POST", `${url}/delivery`, { status: "acknowledged" });
    expect(byViewer.statusCode).toBe(403);
    now = new Date("2026-12-02T14:00:00Z");
    const ack = await call("ownerA", "POST", `${url}/delivery`, { status: "acknowledged" });
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toMatchObject({ status: "acknowledged", acknowledgedAt: now.toISOString() });
    // Viewing again after acknowledging neither moves it back nor changes the first view's time.
    now = new Date("2026-12-02T15:00:00Z");
    expect((await call("ownerA", "GET", url)).json().delivery).toMatchObject({
      status: "acknowledged",
      viewedAt: "2026-12-02T13:00:00.000Z",
    });
    const applied = await call("ownerA", "POST", `${url}/delivery`, { status: "applied" });
    expect(applied.json()).toEqual({
      bulletinId: b.id,
      orgId: orgs.A,
      status: "applied",
      deliveredAt: T0.toISOString(),
      viewedAt: "2026-12-02T13:00:00.000Z",
      acknowledgedAt: "2026-12-02T14:00:00.000Z",
      appliedAt: "2026-12-02T15:00:00.000Z",
    });
    now = new Date("2026-12-02T16:00:00Z");
    const back = await call("ownerA", "POST", `${url}/delivery`, { status: "acknowledged" });
    expect(back.statusCode).toBe(200);
    expect(back.json()).toEqual(applied.json());
    // B applies without acknowledging first: allowed, and acknowledged stays unset.
    const bApplied = await call("memberB", "POST", `${url}/delivery`, { status: "applied" });
    expect(bApplied.json()).toMatchObject({ status: "applied", appliedAt: now.toISOString() });
    expect(bApplied.json().acknowledgedAt).toBeUndefined();
    const bad = await call("ownerA", "POST", `${url}/delivery`, { status: "delivered" });
    expect(bad.statusCode).toBe(400);

    // Coordinators see every delivery with the counts, and reading does not mark anything.
    const table = (await call("coordinator", "GET", url)).json();
    expect(table.delivery).toBeUndefined();
    expect(table.deliveries.counts).toEqual({ delivered: 0, viewed: 0, acknowledged: 0, applied: 2, total: 2 });
    expect(table.deliveries.items.map((d: { orgName: string; sector: string }) => [d.orgName, d.sector])).toEqual([
      ["bank", "financial"],
      ["hospital", "healthcare"],
    ]);
    // A coordinator records nothing for operators.
    expect((await call("coordinator", "POST", `${url}/delivery`, { status: "applied" })).statusCode).toBe(403);
    const actions = (await db.kysely.selectFrom("audit_log").select("action").orderBy("seq").execute()).map(
      (a) => a.action,
    );
    expect(actions.filter((a) => a.startsWith("bulletin."))).toEqual([
      "bulletin.create",
      "bulletin.view",
      "bulletin.acknowledge",
      "bulletin.apply",
      "bulletin.apply",
    ]);
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true);
    // The repository's own rule, directly: never backwards.
    const repo = new BulletinRepository(db.kysely);
    expect((await repo.mark(b.id, orgs.A, "viewed", now))?.delivery.status).toBe("applied");
    expect(await repo.mark(b.id, orgs.C, "viewed", now)).toBeUndefined();
  });

  it("shows operators only the bulletins delivered to them, coordinators all of them", async () => {
    const b1 = await publish(); // A and B
    now = new Date("2026-12-02T13:00:00Z");
    const b2 = await publish(OTHER); // C
    const list = async (who: Who, query = "") => {
      const r = await call(who, "GET", `/api/v1/bulletins${query}`);
      expect(r.statusCode).toBe(200);
      return r.json();
    };
    expect((await list("coordinator")).items.map((b: { id: string }) => b.id)).toEqual([b2.id, b1.id]);
    expect((await list("admin", `?vuln=${OTHER}`)).items.map((b: { id: string }) => b.id)).toEqual([b2.id]);
    const forA = await list("ownerA");
    expect(forA.items.map((b: { id: string }) => b.id)).toEqual([b1.id]);
    expect(forA.items[0].delivery).toMatchObject({ orgId: orgs.A, status: "delivered" });
    expect((await list("ownerC")).items.map((b: { id: string }) => b.id)).toEqual([b2.id]);
    expect((await list("memberB", `?vuln=${OTHER}`)).items).toEqual([]);
    // Paging, newest first.
    const page1 = await list("coordinator", "?limit=1");
    expect(page1.items.map((b: { id: string }) => b.id)).toEqual([b2.id]);
    const page2 = await list("coordinator", `?limit=1&cursor=${page1.nextCursor}`);
    expect(page2.items.map((b: { id: string }) => b.id)).toEqual([b1.id]);
    expect(page2.nextCursor).toBeUndefined();

    // Another operator's bulletin is missing, not forbidden, everywhere.
    for (const [method, url, payload] of [
      ["GET", `/api/v1/bulletins/${b2.id}`, undefined],
      ["POST", `/api/v1/bulletins/${b2.id}/delivery`, { status: "acknowledged" }],
    ] as const) {
      const r = await call("ownerA", method, url, payload);
      expect(r.statusCode).toBe(404);
      expect(r.json().code).toBe("BULWARK_OBJECT_NOT_FOUND");
    }
    // Looking did not mark C's delivery.
    expect((await new BulletinRepository(db.kysely).delivery(b2.id, orgs.C))?.status).toBe("delivered");
    expect((await call(undefined, "GET", "/api/v1/bulletins")).statusCode).toBe(401);
    expect((await call(undefined, "GET", `/api/v1/bulletins/${b1.id}`)).statusCode).toBe(401);
  });
});
