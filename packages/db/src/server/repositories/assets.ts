import { randomUUID } from "node:crypto";
import { baseEcosystem } from "@bulwark/advisories";
import { BulwarkError } from "@bulwark/core";
import { normalizePackageName } from "@bulwark/versions";
import { type ExpressionBuilder, type Kysely, PostgresAdapter, type Selectable, sql, type Transaction } from "kysely";
import { chunked, IN_LIST_SIZE } from "../knowledge/batches.ts";
import type { AssetsTable, InventoriesTable, InventoryComponentsTable, ServerSchema } from "../schema.ts";
import { diffComponents, type InventoryDiff, type KeyedComponent } from "./inventory-diff.ts";

/** What an asset is. */
export const ASSET_KINDS = ["server", "application", "device", "container-image", "service"] as const;
/** One of {@link ASSET_KINDS}. */
export type AssetKind = (typeof ASSET_KINDS)[number];

/** SSVC Mission & Well-being of an asset. */
export const ASSET_CRITICALITIES = ["low", "medium", "high"] as const;
/** One of {@link ASSET_CRITICALITIES}. */
export type AssetCriticality = (typeof ASSET_CRITICALITIES)[number];

/** The formats an inventory upload can be in. */
export const INVENTORY_FORMATS = [
  "cyclonedx-json",
  "cyclonedx-xml",
  "spdx-json",
  "spdx-tag-value",
  "lockfile",
  "bulwark-json",
] as const;
/** One of {@link INVENTORY_FORMATS}. */
export type InventoryFormat = (typeof INVENTORY_FORMATS)[number];

/** The key a page of components is sorted and continued by: ecosystem, name, version. */
export type ComponentKey = readonly [ecosystem: string, name: string, version: string];

/** A page request of {@link AssetRepository.componentPage}. */
export interface ComponentPageQuery {
  /** Keep components whose name or purl contains this, in any case (LIKE wildcards are taken literally). */
  readonly q?: string;
  /** Continue after this component (the last of the previous page). */
  readonly after?: ComponentKey;
  readonly limit: number;
}

/** An asset as the server reads it. */
export interface Asset {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly kind: AssetKind;
  readonly environment?: string;
  readonly criticality: AssetCriticality;
  /** Reachable from the internet (BOD 26-04). */
  readonly exposed: boolean;
  readonly owner?: string;
  readonly tags: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What creating an asset takes (validated by the caller). */
export interface NewAsset {
  readonly orgId: string;
  readonly name: string;
  readonly kind: AssetKind;
  readonly environment?: string;
  readonly criticality: AssetCriticality;
  readonly exposed: boolean;
  readonly owner?: string;
  readonly tags?: readonly string[];
}

/** Fields of an asset to change; `null` clears an optional one. */
export interface AssetChanges {
  readonly name?: string;
  readonly kind?: AssetKind;
  readonly environment?: string | null;
  readonly criticality?: AssetCriticality;
  readonly exposed?: boolean;
  readonly owner?: string | null;
  readonly tags?: readonly string[];
}

/** One package version of an uploaded inventory. */
export interface InventoryComponent {
  readonly ecosystem: string;
  readonly name: string;
  readonly version: string;
  readonly purl?: string;
  /** OS packages: the source package (`openssl` for `libssl3`) and its version, which OS advisories name. */
  readonly sourceName?: string;
  readonly sourceVersion?: string;
}

/** A stored component, with the keys advisories are matched on. */
export interface StoredComponent extends InventoryComponent {
  readonly normalizedName: string;
  readonly baseEcosystem: string;
}

/** Facts about an upload other than its components. */
export interface InventoryMeta {
  readonly format: InventoryFormat;
  readonly filename?: string;
  /** SHA-256 (hex) of the uploaded bytes. */
  readonly sha256: string;
  readonly uploadedBy?: string;
}

/** One upload of an asset's inventory. */
export interface InventoryRecord {
  readonly id: string;
  readonly assetId: string;
  /** 1, 2, 3… per asset, in upload order. */
  readonly seq: number;
  readonly uploadedAt: string;
  readonly uploadedBy?: string;
  readonly format: InventoryFormat;
  readonly filename?: string;
  readonly componentCount: number;
  readonly sha256: string;
  readonly current: boolean;
}

// Both dialects cap the bind parameters of one statement (SQLite 32,766, PostgreSQL 65,535);
// component inserts stay under the smaller with room to spare.
const MAX_BINDS = 30_000;
const COMPONENT_COLUMNS = 10;
/** Rows per multi-row INSERT of components. */
export const COMPONENT_BATCH_ROWS = Math.floor(MAX_BINDS / COMPONENT_COLUMNS);

function toAsset(row: Selectable<AssetsTable>): Asset {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    kind: row.kind as AssetKind,
    ...(row.environment !== null && { environment: row.environment }),
    criticality: row.criticality as AssetCriticality,
    exposed: Number(row.publicly_exposed) === 1,
    ...(row.owner !== null && { owner: row.owner }),
    tags: JSON.parse(row.tags) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toInventory(row: Selectable<InventoriesTable>): InventoryRecord {
  return {
    id: row.id,
    assetId: row.asset_id,
    seq: Number(row.seq),
    uploadedAt: row.uploaded_at,
    ...(row.uploaded_by !== null && { uploadedBy: row.uploaded_by }),
    format: row.format as InventoryFormat,
    ...(row.filename !== null && { filename: row.filename }),
    componentCount: Number(row.component_count),
    sha256: row.sha256,
    current: Number(row.is_current) === 1,
  };
}

function toComponent(row: Selectable<InventoryComponentsTable>): StoredComponent {
  return {
    ecosystem: row.ecosystem,
    name: row.name,
    version: row.version,
    ...(row.purl !== null && { purl: row.purl }),
    ...(row.source_name !== null && { sourceName: row.source_name }),
    ...(row.source_version !== null && { sourceVersion: row.source_version }),
    normalizedName: row.normalized_name,
    baseEcosystem: row.base_ecosystem,
  };
}

/** `text` as a LIKE pattern that matches it literally anywhere, for `ESCAPE '\\'`. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Components of one inventory, narrowed to those whose name or purl contains `q` (any case). */
function componentsMatching(
  eb: ExpressionBuilder<ServerSchema, "inventory_components">,
  inventoryId: string,
  q: string | undefined,
) {
  const inInventory = eb("inventory_id", "=", inventoryId);
  if (q === undefined) return inInventory;
  const pattern = containsPattern(q);
  // lower() on both sides: LIKE is case-insensitive on SQLite but not on PostgreSQL.
  return eb.and([
    inInventory,
    eb.or([
      sql<boolean>`lower(${eb.ref("name")}) like ${pattern} escape '\\'`,
      sql<boolean>`lower(${eb.ref("purl")}) like ${pattern} escape '\\'`,
    ]),
  ]);
}

/**
 * The rows to store: one per (ecosystem, normalised name, version), in the order first seen, so an
 * inventory that lists a package twice (two lockfiles, two SBOM entries) counts it once.
 */
export function componentRows(
  inventoryId: string,
  components: readonly InventoryComponent[],
): Selectable<InventoryComponentsTable>[] {
  const seen = new Set<string>();
  const rows: Selectable<InventoryComponentsTable>[] = [];
  for (const c of components) {
    const normalized = normalizePackageName(c.ecosystem, c.name);
    const key = `${c.ecosystem}\u0000${normalized}\u0000${c.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push({
      inventory_id: inventoryId,
      ordinal: rows.length,
      ecosystem: c.ecosystem,
      name: c.name,
      normalized_name: normalized,
      base_ecosystem: baseEcosystem(c.ecosystem),
      version: c.version,
      purl: c.purl ?? null,
      // Stored normalised: the monitor looks it up like a package name.
      source_name:
        c.sourceName !== undefined && c.sourceName !== c.name ? normalizePackageName(c.ecosystem, c.sourceName) : null,
      source_version: c.sourceName !== undefined && c.sourceName !== c.name ? (c.sourceVersion ?? null) : null,
    });
  }
  return rows;
}

/** Assets of operator organisations and the history of their inventories. */
export class AssetRepository {
  readonly #db: Kysely<ServerSchema>;

  constructor(db: Kysely<ServerSchema>) {
    this.#db = db;
  }

  /** Create one; a name the organisation already uses is `BULWARK_OBJECT_CONFLICT`. */
  async create(asset: NewAsset, now: Date): Promise<Asset> {
    if ((await this.byName(asset.orgId, asset.name)) !== undefined) {
      throw new BulwarkError(
        "BULWARK_OBJECT_CONFLICT",
        `the organisation has an asset named ${JSON.stringify(asset.name)}`,
      );
    }
    const row: Selectable<AssetsTable> = {
      id: randomUUID(),
      org_id: asset.orgId,
      name: asset.name,
      kind: asset.kind,
      environment: asset.environment ?? null,
      criticality: asset.criticality,
      publicly_exposed: asset.exposed ? 1 : 0,
      owner: asset.owner ?? null,
      tags: JSON.stringify(asset.tags ?? []),
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    await this.#db.insertInto("assets").values(row).execute();
    return toAsset(row);
  }

  /** By id. */
  async byId(id: string): Promise<Asset | undefined> {
    const row = await this.#db.selectFrom("assets").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toAsset(row);
  }

  /** Many by id at once; ids with no asset are absent. */
  async byIds(ids: readonly string[]): Promise<Map<string, Asset>> {
    const out = new Map<string, Asset>();
    for (const part of chunked([...new Set(ids)], IN_LIST_SIZE)) {
      const rows = await this.#db.selectFrom("assets").selectAll().where("id", "in", part).execute();
      for (const r of rows) out.set(r.id, toAsset(r));
    }
    return out;
  }

  /** By the organisation and the asset's exact name. */
  async byName(orgId: string, name: string): Promise<Asset | undefined> {
    const row = await this.#db
      .selectFrom("assets")
      .selectAll()
      .where("org_id", "=", orgId)
      .where("name", "=", name)
      .executeTakeFirst();
    return row && toAsset(row);
  }

  /** A page of the organisation's assets in name order after `after` (a name), at most `limit`. */
  async list(orgId: string, opts: { after?: string; limit: number }): Promise<Asset[]> {
    let q = this.#db.selectFrom("assets").selectAll().where("org_id", "=", orgId).orderBy("name").limit(opts.limit);
    if (opts.after !== undefined) q = q.where("name", ">", opts.after);
    return (await q.execute()).map(toAsset);
  }

  /** Change some fields; undefined when there is no such asset, a taken name is a conflict. */
  async update(id: string, changes: AssetChanges, now: Date): Promise<Asset | undefined> {
    const before = await this.byId(id);
    if (before === undefined) return undefined;
    if (changes.name !== undefined && changes.name !== before.name) {
      if ((await this.byName(before.orgId, changes.name)) !== undefined) {
        throw new BulwarkError(
          "BULWARK_OBJECT_CONFLICT",
          `the organisation has an asset named ${JSON.stringify(changes.name)}`,
        );
      }
    }
    await this.#db
      .updateTable("assets")
      .set({
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.kind !== undefined && { kind: changes.kind }),
        ...(changes.environment !== undefined && { environment: changes.environment }),
        ...(changes.criticality !== undefined && { criticality: changes.criticality }),
        ...(changes.exposed !== undefined && { publicly_exposed: changes.exposed ? 1 : 0 }),
        ...(changes.owner !== undefined && { owner: changes.owner }),
        ...(changes.tags !== undefined && { tags: JSON.stringify(changes.tags) }),
        updated_at: now.toISOString(),
      })
      .where("id", "=", id)
      .execute();
    return this.byId(id);
  }

  /**
   * Store an upload as the asset's current inventory and the previous one as history, in one
   * transaction (the caller's, when this repository was made on one, so its audit entry commits
   * with it). The asset's row is locked first, so concurrent uploads queue instead of both
   * becoming current. An unknown asset is `BULWARK_OBJECT_NOT_FOUND`.
   */
  async addInventory(
    assetId: string,
    components: readonly InventoryComponent[],
    meta: InventoryMeta,
    now: Date,
  ): Promise<InventoryRecord> {
    const run = async (trx: Kysely<ServerSchema>): Promise<InventoryRecord> => {
      const locked = await trx
        .updateTable("assets")
        .set((eb) => ({ updated_at: eb.ref("updated_at") }))
        .where("id", "=", assetId)
        .executeTakeFirst();
      if (Number(locked.numUpdatedRows) === 0) {
        throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no asset ${assetId}`);
      }
      const last = await trx
        .selectFrom("inventories")
        .select((eb) => eb.fn.max("seq").as("seq"))
        .where("asset_id", "=", assetId)
        .executeTakeFirst();
      await trx
        .updateTable("inventories")
        .set({ is_current: 0 })
        .where("asset_id", "=", assetId)
        .where("is_current", "=", 1)
        .execute();
      const id = randomUUID();
      const rows = componentRows(id, components);
      const row: Selectable<InventoriesTable> = {
        id,
        asset_id: assetId,
        seq: Number(last?.seq ?? 0) + 1,
        uploaded_at: now.toISOString(),
        uploaded_by: meta.uploadedBy ?? null,
        format: meta.format,
        filename: meta.filename ?? null,
        component_count: rows.length,
        sha256: meta.sha256,
        is_current: 1,
      };
      await trx.insertInto("inventories").values(row).execute();
      for (let i = 0; i < rows.length; i += COMPONENT_BATCH_ROWS) {
        await trx
          .insertInto("inventory_components")
          .values(rows.slice(i, i + COMPONENT_BATCH_ROWS))
          .execute();
      }
      return toInventory(row);
    };
    return this.#db.isTransaction
      ? run(this.#db)
      : this.#db.transaction().execute((trx: Transaction<ServerSchema>) => run(trx));
  }

  /** One upload by id. */
  async inventory(id: string): Promise<InventoryRecord | undefined> {
    const row = await this.#db.selectFrom("inventories").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toInventory(row);
  }

  /** The asset's current inventory, if it has one. */
  async currentInventory(assetId: string): Promise<InventoryRecord | undefined> {
    const row = await this.#db
      .selectFrom("inventories")
      .selectAll()
      .where("asset_id", "=", assetId)
      .where("is_current", "=", 1)
      .executeTakeFirst();
    return row && toInventory(row);
  }

  /** The current inventories of many assets at once, by asset id (assets without one are absent). */
  async currentInventories(assetIds: readonly string[]): Promise<Map<string, InventoryRecord>> {
    const out = new Map<string, InventoryRecord>();
    for (const part of chunked([...new Set(assetIds)], IN_LIST_SIZE)) {
      const rows = await this.#db
        .selectFrom("inventories")
        .selectAll()
        .where("asset_id", "in", part)
        .where("is_current", "=", 1)
        .execute();
      for (const r of rows) out.set(r.asset_id, toInventory(r));
    }
    return out;
  }

  /** The asset's uploads, newest first: those before `beforeSeq` when given, at most `limit` (default all). */
  async inventoryHistory(
    assetId: string,
    opts: { beforeSeq?: number; limit?: number } = {},
  ): Promise<InventoryRecord[]> {
    let q = this.#db.selectFrom("inventories").selectAll().where("asset_id", "=", assetId).orderBy("seq", "desc");
    if (opts.beforeSeq !== undefined) q = q.where("seq", "<", opts.beforeSeq);
    if (opts.limit !== undefined) q = q.limit(opts.limit);
    return (await q.execute()).map(toInventory);
  }

  /** An inventory's components in stored order. */
  async components(inventoryId: string): Promise<StoredComponent[]> {
    const rows = await this.#db
      .selectFrom("inventory_components")
      .selectAll()
      .where("inventory_id", "=", inventoryId)
      .orderBy("ordinal")
      .execute();
    return rows.map(toComponent);
  }

  /**
   * A page of an inventory's components sorted by ecosystem, name and version (keyset paging on
   * that key), optionally only those whose name or purl contains `q` in any case. One indexed
   * range read of the inventory's rows; no per-component queries.
   */
  async componentPage(inventoryId: string, query: ComponentPageQuery): Promise<StoredComponent[]> {
    // Code-point order on both dialects: PostgreSQL would otherwise sort by the server's locale.
    const bytewise = this.#db.getExecutor().adapter instanceof PostgresAdapter ? sql` collate "C"` : sql``;
    const key = (column: "ecosystem" | "name" | "version") => sql`${sql.ref(column)}${bytewise}`;
    let q = this.#db
      .selectFrom("inventory_components")
      .selectAll()
      .where((eb) => componentsMatching(eb, inventoryId, query.q));
    const after = query.after;
    if (after !== undefined) {
      q = q.where(
        sql<boolean>`(${key("ecosystem")}, ${key("name")}, ${key("version")}) > (${after[0]}, ${after[1]}, ${after[2]})`,
      );
    }
    const rows = await q
      .orderBy(key("ecosystem"))
      .orderBy(key("name"))
      .orderBy(key("version"))
      .limit(query.limit)
      .execute();
    return rows.map(toComponent);
  }

  /** How many of an inventory's components {@link componentPage} would list for `q` across all pages. */
  async componentCount(inventoryId: string, q?: string): Promise<number> {
    const row = await this.#db
      .selectFrom("inventory_components")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .where((eb) => componentsMatching(eb, inventoryId, q))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * What changed from one inventory to another (rules in {@link diffComponents}); with no previous
   * inventory, every component is added.
   */
  async diff(previousInventoryId: string | undefined, currentInventoryId: string): Promise<InventoryDiff> {
    const previous: KeyedComponent[] =
      previousInventoryId === undefined ? [] : await this.components(previousInventoryId);
    return diffComponents(previous, await this.components(currentInventoryId));
  }
}
