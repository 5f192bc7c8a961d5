import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  ApiTokenRepository,
  migrateServerDb,
  OrganisationRepository,
  UserRepository,
  verifyAuditChain,
} from "@bulwark/db";
import { type TestServerDb, testDialects } from "@bulwark/db/testing";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { INVENTORY_UPLOAD_LIMIT } from "./routes/assets.ts";
import { bearer, buildTestApp } from "./testing.ts";

const NOW = new Date("2026-12-02T12:00:00Z");
const repoFile = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));
const extractorFixture = (p: string) => readFileSync(repoFile(`packages/extractors/src/${p}`));
const CDX_JSON = "sbom/cyclonedx-json/fixtures/juice-shop-bare.bom.1.4.json";
// Real SBOMs of two releases of the same application, when ../shared is present.
const SHARED_OLD = repoFile("../shared/data/sboms/cyclonedx/juice-shop/via_npm/bare/bom.1.4.json");
const SHARED_NEW = repoFile("../shared/data/sboms/cyclonedx/juice-shop/v11.1.2/bom.json");

interface CdxComponent {
  type: string;
  name: string;
  group?: string;
  version: string;
  purl?: string;
  components?: unknown[];
}

describe.each(testDialects())("assets and inventories over HTTP on $name", (dialect) => {
  let db: TestServerDb;
  let app: FastifyInstance;
  let orgId: string;
  const tokens: Record<"member" | "viewer" | "outsider", string> = { member: "", viewer: "", outsider: "" };

  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
    app = await buildTestApp(db, () => NOW);
    orgId = (await new OrganisationRepository(db.kysely).create({ name: "Rural Hospital", kind: "operator" }, NOW)).id;
    const other = (await new OrganisationRepository(db.kysely).create({ name: "Bank", kind: "operator" }, NOW)).id;
    const users = new UserRepository(db.kysely);
    for (const [who, org, role] of [
      ["member", orgId, "member"],
      ["viewer", orgId, "viewer"],
      ["outsider", other, "owner"],
    ] as const) {
      const user = await users.create({ email: `${who}@example.org` }, NOW);
      await users.setMembership(user.id, org, role, NOW);
      tokens[who] = (
        await new ApiTokenRepository(db.kysely).create({ userId: user.id, name: who, scopes: ["read", "write"] }, NOW)
      ).secret;
    }
  });
  afterEach(async () => {
    await app.close();
    await db.dispose();
  });

  async function createAsset(name: string, token = tokens.member) {
    return app.inject({
      method: "POST",
      url: "/api/v1/assets",
      headers: bearer(token),
      payload: { orgId, name, kind: "application", criticality: "high", exposed: true, tags: ["patient-portal"] },
    });
  }
  async function upload(assetId: string, bytes: Buffer, filename?: string, token = tokens.member) {
    return app.inject({
      method: "POST",
      url: `/api/v1/assets/${assetId}/inventories${filename === undefined ? "" : `?filename=${encodeURIComponent(filename)}`}`,
      headers: { ...bearer(token), "content-type": "application/octet-stream" },
      payload: bytes,
    });
  }
  async function current(assetId: string) {
    return (
      await app.inject({ method: "GET", url: `/api/v1/assets/${assetId}`, headers: bearer(tokens.viewer) })
    ).json().currentInventory;
  }

  it("creates, lists and reads assets for members; hides them from everyone else", async () => {
    const made = await createAsset("portal");
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({
      orgId,
      name: "portal",
      kind: "application",
      criticality: "high",
      exposed: true,
    });
    expect((await createAsset("portal")).statusCode).toBe(409);
    expect((await createAsset("by-viewer", tokens.viewer)).statusCode).toBe(403);
    expect((await createAsset("by-outsider", tokens.outsider)).statusCode).toBe(403);
    await createAsset("ehr");

    const page1 = await app.inject({
      method: "GET",
      url: `/api/v1/assets?orgId=${orgId}&limit=1`,
      headers: bearer(tokens.viewer),
    });
    expect(page1.json().items.map((a: { name: string }) => a.name)).toEqual(["ehr"]);
    const page2 = await app.inject({
      method: "GET",
      url: `/api/v1/assets?orgId=${orgId}&limit=1&cursor=${page1.json().nextCursor}`,
      headers: bearer(tokens.viewer),
    });
    expect(page2.json()).toEqual({ items: [expect.objectContaining({ name: "portal" })] });

    const id = made.json().id as string;
    expect(
      (await app.inject({ method: "GET", url: `/api/v1/assets/${id}`, headers: bearer(tokens.viewer) })).statusCode,
    ).toBe(200);
    for (const url of [`/api/v1/assets/${id}`, `/api/v1/assets/${id}/inventories`, `/api/v1/assets?orgId=${orgId}`]) {
      const r = await app.inject({ method: "GET", url, headers: bearer(tokens.outsider) });
      expect(r.statusCode).toBe(404);
      expect(r.json().code).toBe("BULWARK_OBJECT_NOT_FOUND");
    }
    expect((await app.inject({ method: "GET", url: `/api/v1/assets/${id}` })).statusCode).toBe(401);
  });

  it("stores a real CycloneDX upload, then diffs a changed one against it", async () => {
    const id = (await createAsset("shop")).json().id as string;
    const original = extractorFixture(CDX_JSON);
    const first = await upload(id, original, "bom.json");
    expect(first.statusCode).toBe(201);
    const firstInv = first.json().inventory;
    expect(firstInv).toMatchObject({ seq: 1, format: "cyclonedx-json", filename: "bom.json", current: true });
    expect(firstInv.componentCount).toBeGreaterThan(10);
    expect(first.json().diff.added).toHaveLength(firstInv.componentCount);

    // The same SBOM a release later: one package upgraded, one dropped, one new.
    const bom = JSON.parse(original.toString("utf8")) as { components: CdxComponent[] };
    // Top-level npm packages listed once and with no nested components, so each edit is one change.
    const names = bom.components.map((c) => c.name);
    const npm = bom.components.filter(
      (c) =>
        c.purl?.startsWith("pkg:npm/") &&
        c.group === undefined &&
        c.components === undefined &&
        names.indexOf(c.name) === names.lastIndexOf(c.name),
    );
    const upgraded = npm[0] as CdxComponent;
    const dropped = npm[1] as CdxComponent;
    const oldVersion = upgraded.version;
    upgraded.version = "99.0.0";
    upgraded.purl = `pkg:npm/${upgraded.name}@99.0.0`;
    bom.components = bom.components.filter((c) => c !== dropped);
    bom.components.push({ type: "library", name: "left-pad", version: "1.3.0", purl: "pkg:npm/left-pad@1.3.0" });
    const second = await upload(id, Buffer.from(JSON.stringify(bom)), "bom.json");
    expect(second.statusCode).toBe(201);
    expect(second.json().diff).toEqual({
      added: [{ ecosystem: "npm", name: "left-pad", version: "1.3.0", purl: "pkg:npm/left-pad@1.3.0" }],
      removed: [expect.objectContaining({ ecosystem: "npm", name: dropped.name, version: dropped.version })],
      changed: [expect.objectContaining({ ecosystem: "npm", name: upgraded.name, from: oldVersion, to: "99.0.0" })],
    });
    expect((await current(id)).id).toBe(second.json().inventory.id);

    const history = await app.inject({
      method: "GET",
      url: `/api/v1/assets/${id}/inventories`,
      headers: bearer(tokens.viewer),
    });
    const items = history.json().items as {
      seq: number;
      current: boolean;
      diff: { added: unknown[]; changed: unknown[] };
    }[];
    expect(items.map((i) => [i.seq, i.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(items[0]?.diff).toEqual(second.json().diff);
    expect(items[1]?.diff.added).toHaveLength(firstInv.componentCount);
    const paged = await app.inject({
      method: "GET",
      url: `/api/v1/assets/${id}/inventories?limit=1`,
      headers: bearer(tokens.viewer),
    });
    expect(paged.json().items[0].diff).toEqual(second.json().diff);
    const rest = await app.inject({
      method: "GET",
      url: `/api/v1/assets/${id}/inventories?limit=1&cursor=${paged.json().nextCursor}`,
      headers: bearer(tokens.viewer),
    });
    expect(rest.json().items.map((i: { seq: number }) => i.seq)).toEqual([1]);

    const audit = await db.kysely.selectFrom("audit_log").select("action").orderBy("seq").execute();
    expect(audit.map((a) => a.action)).toEqual(["asset.create", "inventory.upload", "inventory.upload"]);
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true);
  });

  it("reads each supported format, detecting it from the content when the name says nothing", async () => {
    const id = (await createAsset("mixed")).json().id as string;
    const cases: [Buffer, string | undefined, string][] = [
      [extractorFixture("sbom/cyclonedx-xml/fixtures/juice-shop-bare.bom.1.4.xml"), "bom.xml", "cyclonedx-xml"],
      [extractorFixture("sbom/spdx-json/fixtures/hello-server.spdx.json"), undefined, "spdx-json"],
      [extractorFixture("sbom/spdx-tag-value/fixtures/syft-go-mod.spdx"), "syft-go-mod.spdx", "spdx-tag-value"],
      [extractorFixture("npm/package-lock/fixtures/v3/package-lock.json"), "package-lock.json", "lockfile"],
      [
        Buffer.from(
          JSON.stringify({
            sources: [{ kind: "file", path: "requirements.txt" }],
            packages: [
              { ecosystem: "PyPI", name: "Django", version: "4.2.1", locations: [{ path: "requirements.txt" }] },
            ],
            notes: [],
          }),
        ),
        "inventory.json",
        "bulwark-json",
      ],
    ];
    for (const [bytes, filename, format] of cases) {
      const r = await upload(id, bytes, filename);
      expect(r.statusCode, `${format}: ${r.body}`).toBe(201);
      expect(r.json().inventory.format).toBe(format);
      expect(r.json().inventory.componentCount).toBeGreaterThan(0);
    }
  });

  it("refuses malformed or unreadable uploads with the problems listed, keeping the current inventory", async () => {
    const id = (await createAsset("lab")).json().id as string;
    const good = await upload(id, extractorFixture(CDX_JSON), "bom.json");
    const kept = good.json().inventory.id as string;
    const original = extractorFixture(CDX_JSON);
    const bad: [Buffer, string | undefined][] = [
      [original.subarray(0, original.length / 2), "bom.json"],
      [extractorFixture("npm/package-lock/fixtures/malformed/truncated.json"), "package-lock.json"],
      [Buffer.from("just some notes about the lab machines\n"), "notes.txt"],
      [Buffer.from(JSON.stringify({ sources: [], packages: [{ ecosystem: "npm", name: "" }], notes: [] })), "inv.json"],
    ];
    for (const [bytes, filename] of bad) {
      const r = await upload(id, bytes, filename);
      expect(r.statusCode, r.body).toBe(422);
      expect(r.json().code).toBe("BULWARK_INVENTORY_INVALID");
      expect(r.json().details.problems.length).toBeGreaterThan(0);
    }
    const empty = await upload(id, Buffer.alloc(0), "bom.json");
    expect(empty.json().code).toBe("BULWARK_INVENTORY_INVALID");
    expect((await current(id)).id).toBe(kept);
    const history = await app.inject({
      method: "GET",
      url: `/api/v1/assets/${id}/inventories`,
      headers: bearer(tokens.member),
    });
    expect(history.json().items).toHaveLength(1);
  });

  it("lets only members who may write upload, and refuses a body over the limit with 413", async () => {
    const id = (await createAsset("scanner")).json().id as string;
    const bytes = extractorFixture(CDX_JSON);
    expect((await upload(id, bytes, "bom.json", tokens.viewer)).statusCode).toBe(403);
    expect((await upload(id, bytes, "bom.json", tokens.outsider)).statusCode).toBe(404);
    expect((await upload("no-such-asset", bytes, "bom.json")).statusCode).toBe(404);
    const huge = await upload(id, Buffer.alloc(INVENTORY_UPLOAD_LIMIT + 1, 0x20), "bom.json");
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe("BULWARK_REQUEST_TOO_LARGE");
    expect(await current(id)).toBeUndefined();
  });

  it.skipIf(!existsSync(SHARED_OLD) || !existsSync(SHARED_NEW))(
    "diffs two real releases' SBOMs from ../shared/data",
    async () => {
      const id = (await createAsset("juice-shop")).json().id as string;
      expect((await upload(id, readFileSync(SHARED_OLD), "bom.json")).statusCode).toBe(201);
      const next = await upload(id, readFileSync(SHARED_NEW), "bom.json");
      expect(next.statusCode).toBe(201);
      const diff = next.json().diff;
      expect(diff.added.length + diff.removed.length + diff.changed.length).toBeGreaterThan(0);
      for (const c of diff.changed) expect(c.from).not.toBe(c.to);
    },
  );
});
