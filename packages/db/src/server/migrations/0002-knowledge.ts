import { type Kysely, sql } from "kysely";
import type { Dialect } from "../connect.ts";

/**
 * The advisory knowledge base: the CLI advisory database's tables (`advisory-db/schema.ts`), prefixed
 * `kb_`, plus a TLP label per advisory. Keys are compared byte-wise on both dialects (`COLLATE "C"` on
 * PostgreSQL, SQLite's BINARY) so every ORDER BY gives the CLI's order whatever the server's locale.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const pg = dialect === "postgres";
  const key = pg ? sql`text COLLATE "C"` : sql`text`;
  // Small keyed tables live in their primary-key B-tree on SQLite, as in the CLI (no rowid index beside it).
  const withoutRowid = pg ? sql`` : sql`WITHOUT ROWID`;

  // The small digest sits before the large record: SQLite reads a row's columns in order.
  await db.schema
    .createTable("kb_advisories")
    .addColumn("id", key, (c) => c.primaryKey().notNull())
    .addColumn("modified", "text", (c) => c.notNull())
    .addColumn("modified_ms", "bigint", (c) => c.notNull())
    .addColumn("published", "text")
    .addColumn("withdrawn", "text")
    .addColumn("summary", "text")
    .addColumn("tlp", "text", (c) => c.notNull().defaultTo("CLEAR"))
    .addColumn("digest", "text", (c) => c.notNull())
    .addColumn("record", pg ? "bytea" : "blob", (c) => c.notNull())
    .execute();
  if (pg) {
    // Records arrive raw-DEFLATE compressed: TOAST's own compression would only spend time.
    await sql`ALTER TABLE kb_advisories ALTER COLUMN record SET STORAGE EXTERNAL`.execute(db);
  }

  // Denormalised like the CLI's `affected`: a package look-up is one index range scan.
  await db.schema
    .createTable("kb_affected")
    .addColumn("advisory_id", key, (c) => c.notNull())
    .addColumn("ordinal", "integer", (c) => c.notNull())
    .addColumn("ecosystem", "text", (c) => c.notNull())
    .addColumn("base", key, (c) => c.notNull())
    .addColumn("name", key, (c) => c.notNull())
    .addColumn("modified", "text", (c) => c.notNull())
    .addColumn("withdrawn", "integer", (c) => c.notNull())
    .addColumn("aliases", "text", (c) => c.notNull())
    .addColumn("entry", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("kb_affected_by_package").on("kb_affected").columns(["base", "name"]).execute();
  await db.schema.createIndex("kb_affected_by_advisory").on("kb_affected").column("advisory_id").execute();

  await db.schema
    .createTable("kb_aliases")
    .addColumn("advisory_id", key, (c) => c.notNull())
    .addColumn("alias", key, (c) => c.notNull())
    .addPrimaryKeyConstraint("kb_aliases_pk", ["advisory_id", "alias"])
    .modifyEnd(withoutRowid)
    .execute();
  await db.schema.createIndex("kb_aliases_by_alias").on("kb_aliases").column("alias").execute();

  await db.schema
    .createTable("kb_advisory_sources")
    .addColumn("source", key, (c) => c.notNull())
    .addColumn("advisory_id", key, (c) => c.notNull())
    .addPrimaryKeyConstraint("kb_advisory_sources_pk", ["source", "advisory_id"])
    .modifyEnd(withoutRowid)
    .execute();
  await db.schema.createIndex("kb_advisory_sources_by_id").on("kb_advisory_sources").column("advisory_id").execute();

  await db.schema
    .createTable("kb_sources")
    .addColumn("name", key, (c) => c.primaryKey().notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("location", "text", (c) => c.notNull())
    .addColumn("imported_at", "text", (c) => c.notNull())
    .addColumn("checked_at", "text", (c) => c.notNull())
    .addColumn("records", "integer", (c) => c.notNull())
    .addColumn("etag", "text")
    .addColumn("last_modified", "text")
    .addColumn("version", "text")
    .execute();

  await db.schema
    .createTable("kb_kev")
    .addColumn("cve_id", key, (c) => c.primaryKey().notNull())
    .addColumn("vendor_project", "text", (c) => c.notNull())
    .addColumn("product", "text", (c) => c.notNull())
    .addColumn("vulnerability_name", "text", (c) => c.notNull())
    .addColumn("date_added", "text", (c) => c.notNull())
    .addColumn("short_description", "text", (c) => c.notNull())
    .addColumn("required_action", "text", (c) => c.notNull())
    .addColumn("due_date", "text", (c) => c.notNull())
    .addColumn("known_ransomware", "text", (c) => c.notNull())
    .addColumn("notes", "text", (c) => c.notNull())
    .addColumn("cwes", "text", (c) => c.notNull())
    .modifyEnd(withoutRowid)
    .execute();

  // Double precision on both: PostgreSQL's `real` is 4 bytes and would round the scores.
  await db.schema
    .createTable("kb_epss")
    .addColumn("cve", key, (c) => c.primaryKey().notNull())
    .addColumn("epss", "double precision", (c) => c.notNull())
    .addColumn("percentile", "double precision", (c) => c.notNull())
    .modifyEnd(withoutRowid)
    .execute();
}
