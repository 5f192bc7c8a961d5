import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrateServerDb } from "../migrate.ts";
import { type TestServerDb, testDialects } from "../testing.ts";
import { AssetRepository, COMPONENT_BATCH_ROWS, type InventoryComponent } from "./assets.ts";
import { OrganisationRepository } from "./organisations.ts";

const NOW = new Date("2026-12-02T12:00:00Z");
const LATER = new Date("2026-12-03T12:00:00Z");
const META = { format: "cyclonedx-json", sha256: "0".repeat(64) } as const;

describe.each(testDialects())("assets and inventories on $name", (dialect) => {
  let db: TestServerDb;
  let repo: AssetRepository;
  let orgId: string;
  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
    repo = new AssetRepository(db.kysely);
    orgId = (await new OrganisationRepository(db.kysely).create({ name: "Water Utility", kind: "operator" }, NOW)).id;
  });
  afterEach(async () => {
    await db.dispose();
  });

  const asset = (name: string) => ({
    orgId,
    name,
    kind: "server" as const,
    criticality: "high" as const,
    exposed: true,
    tags: ["scada", "plant-2"],
  });

  it("creates, reads, lists in name order and updates assets; names are unique per organisation", async () => {
    const b = await repo.create(asset("historian"), NOW);
    await repo.create({ ...asset("hmi"), exposed: false, environment: "production", owner: "ops" }, NOW);
    expect(await repo.byId(b.id)).toEqual({
      id: b.id,
      orgId,
      name: "historian",
      kind: "server",
      criticality: "high",
      exposed: true,
      tags: ["scada", "plant-2"],
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    });
    await expect(repo.create(asset("historian"), NOW)).rejects.toMatchObject({ code: "BULWARK_OBJECT_CONFLICT" });
    expect((await repo.list(orgId, { limit: 10 })).map((a) => a.name)).toEqual(["historian", "hmi"]);
    expect((await repo.list(orgId, { limit: 10, after: "historian" })).map((a) => a.name)).toEqual(["hmi"]);

    const other = (await new OrganisationRepository(db.kysely).create({ name: "Bank", kind: "operator" }, NOW)).id;
    await repo.create({ ...asset("historian"), orgId: other }, NOW);
    expect(await repo.list(orgId, { limit: 10 })).toHaveLength(2);

    const changed = await repo.update(b.id, { exposed: false, environment: "staging", tags: [] }, LATER);
    expect(changed).toMatchObject({ exposed: false, environment: "staging", tags: [], updatedAt: LATER.toISOString() });
    await expect(repo.update(b.id, { name: "hmi" }, LATER)).rejects.toMatchObject({ code: "BULWARK_OBJECT_CONFLICT" });
    expect(await repo.update("missing", { name: "x" }, LATER)).toBeUndefined();
  });

  it("keeps one current inventory, the history newest first, and normalised names for matching", async () => {
    const a = await repo.create(asset("portal"), NOW);
    const first = await repo.addInventory(
      a.id,
      [
        { ecosystem: "PyPI", name: "Django", version: "4.2.0", purl: "pkg:pypi/django@4.2.0" },
        { ecosystem: "PyPI", name: "django", version: "4.2.0" },
        { ecosystem: "Debian:12", name: "libssl3", version: "3.0.11-1" },
      ],
      { ...META, filename: "bom.json", uploadedBy: undefined },
      NOW,
    );
    expect(first).toMatchObject({ seq: 1, current: true, componentCount: 2, filename: "bom.json" });
    expect(await repo.components(first.id)).toEqual([
      {
        ecosystem: "PyPI",
        name: "Django",
        version: "4.2.0",
        purl: "pkg:pypi/django@4.2.0",
        normalizedName: "django",
        baseEcosystem: "PyPI",
      },
      {
        ecosystem: "Debian:12",
        name: "libssl3",
        version: "3.0.11-1",
        normalizedName: "libssl3",
        baseEcosystem: "Debian",
      },
    ]);
    const second = await repo.addInventory(a.id, [], META, NOW);
    expect((await repo.currentInventory(a.id))?.id).toBe(second.id);
    expect((await repo.inventory(first.id))?.current).toBe(false);
    expect((await repo.inventoryHistory(a.id)).map((i) => [i.seq, i.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect((await repo.inventoryHistory(a.id, { beforeSeq: 2 })).map((i) => i.id)).toEqual([first.id]);
    await expect(repo.addInventory("missing", [], META, NOW)).rejects.toMatchObject({
      code: "BULWARK_OBJECT_NOT_FOUND",
    });
  });

  it("rolls the whole upload back when the caller's transaction fails", async () => {
    const a = await repo.create(asset("kiosk"), NOW);
    const kept = await repo.addInventory(a.id, [{ ecosystem: "npm", name: "left-pad", version: "1.0.0" }], META, NOW);
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await new AssetRepository(trx).addInventory(a.id, [{ ecosystem: "npm", name: "x", version: "1" }], META, NOW);
        throw new Error("audit failed");
      }),
    ).rejects.toThrow("audit failed");
    expect((await repo.currentInventory(a.id))?.id).toBe(kept.id);
    expect(await repo.inventoryHistory(a.id)).toHaveLength(1);
  });

  it("diffs consecutive inventories into added, removed and changed", async () => {
    const a = await repo.create(asset("erp"), NOW);
    const before = await repo.addInventory(
      a.id,
      [
        { ecosystem: "npm", name: "lodash", version: "4.17.20" },
        { ecosystem: "npm", name: "express", version: "4.18.2" },
        { ecosystem: "PyPI", name: "Requests", version: "2.31.0" },
      ],
      META,
      NOW,
    );
    const after = await repo.addInventory(
      a.id,
      [
        { ecosystem: "npm", name: "lodash", version: "4.17.21" },
        { ecosystem: "PyPI", name: "requests", version: "2.31.0" },
        { ecosystem: "npm", name: "left-pad", version: "1.3.0" },
      ],
      META,
      NOW,
    );
    expect(await repo.diff(before.id, after.id)).toEqual({
      added: [{ ecosystem: "npm", name: "left-pad", version: "1.3.0" }],
      removed: [{ ecosystem: "npm", name: "express", version: "4.18.2" }],
      changed: [{ ecosystem: "npm", name: "lodash", from: "4.17.20", to: "4.17.21" }],
    });
    expect((await repo.diff(undefined, before.id)).added).toHaveLength(3);
  });

  it("stores an inventory larger than one insert batch in full", async () => {
    const a = await repo.create(asset("big"), NOW);
    const n = COMPONENT_BATCH_ROWS * 2 + 17;
    const components: InventoryComponent[] = Array.from({ length: n }, (_, i) => ({
      ecosystem: "npm",
      name: `pkg-${i}`,
      version: "1.0.0",
      purl: `pkg:npm/pkg-${i}@1.0.0`,
    }));
    const inv = await repo.addInventory(a.id, components, META, NOW);
    expect(inv.componentCount).toBe(n);
    const stored = await repo.components(inv.id);
    expect(stored).toHaveLength(n);
    expect(stored[n - 1]?.name).toBe(`pkg-${n - 1}`);
  });
});
