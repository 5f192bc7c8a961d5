import { type Kysely, sql } from "kysely";

/**
 * Operators' assets, their uploaded inventories (the history) and each inventory's components,
 * with the reverse index (base ecosystem, normalised name) that monitoring matches advisories on.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("assets")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("environment", "text")
    .addColumn("criticality", "text", (c) => c.notNull())
    // 0/1 on both dialects, like kb_affected.withdrawn: one representation, no driver booleans.
    .addColumn("publicly_exposed", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("owner", "text")
    .addColumn("tags", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("assets_org_name", ["org_id", "name"])
    .addCheckConstraint("assets_kind", sql`kind IN ('server', 'application', 'device', 'container-image', 'service')`)
    .addCheckConstraint("assets_criticality", sql`criticality IN ('low', 'medium', 'high')`)
    .addCheckConstraint("assets_exposed", sql`publicly_exposed IN (0, 1)`)
    .execute();

  // seq numbers an asset's uploads 1, 2, 3…: uploads can share a timestamp (a fixed clock, a
  // fast client), and "the previous upload" must still be well defined.
  await db.schema
    .createTable("inventories")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("asset_id", "text", (c) => c.notNull().references("assets.id").onDelete("cascade"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("uploaded_at", "text", (c) => c.notNull())
    .addColumn("uploaded_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("format", "text", (c) => c.notNull())
    .addColumn("filename", "text")
    .addColumn("component_count", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("is_current", "integer", (c) => c.notNull())
    .addUniqueConstraint("inventories_asset_seq", ["asset_id", "seq"])
    .addCheckConstraint(
      "inventories_format",
      sql`format IN ('cyclonedx-json', 'cyclonedx-xml', 'spdx-json', 'spdx-tag-value', 'lockfile', 'bulwark-json')`,
    )
    .execute();
  // At most one current inventory per asset, enforced by the database on both dialects.
  await sql`CREATE UNIQUE INDEX inventories_one_current ON inventories (asset_id) WHERE is_current = 1`.execute(db);

  await db.schema
    .createTable("inventory_components")
    .addColumn("inventory_id", "text", (c) => c.notNull().references("inventories.id").onDelete("cascade"))
    .addColumn("ordinal", "integer", (c) => c.notNull())
    .addColumn("ecosystem", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("normalized_name", "text", (c) => c.notNull())
    .addColumn("base_ecosystem", "text", (c) => c.notNull())
    .addColumn("version", "text", (c) => c.notNull())
    .addColumn("purl", "text")
    .addPrimaryKeyConstraint("inventory_components_pk", ["inventory_id", "ordinal"])
    .execute();
  // The reverse index: every component of every inventory named by an advisory's package.
  await db.schema
    .createIndex("inventory_components_by_package")
    .on("inventory_components")
    .columns(["base_ecosystem", "normalized_name"])
    .execute();
}
