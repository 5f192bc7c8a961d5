import { type Kysely, sql } from "kysely";
import type { Dialect } from "../connect.ts";

/**
 * Continuous monitoring: the knowledge base's change feed, alerts with their history, remediation
 * bulletins with signed artifacts and per-operator delivery, the in-app inbox and per-user
 * notification preferences. OS components also keep their source package, which Debian and
 * Ubuntu advisories name.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const pg = dialect === "postgres";
  // A sequence both dialects hand out in commit order per table: the cursor a job resumes from.
  const serial = pg ? sql`bigserial primary key` : sql`integer primary key autoincrement`;

  await db.schema.alterTable("inventory_components").addColumn("source_name", "text").execute();
  await db.schema.alterTable("inventory_components").addColumn("source_version", "text").execute();
  await sql`CREATE INDEX inventory_components_by_source ON inventory_components (base_ecosystem, source_name) WHERE source_name IS NOT NULL`.execute(
    db,
  );

  // Every advisory the knowledge base added, replaced, withdrew or dropped, in commit order.
  await db.schema
    .createTable("kb_changes")
    .addColumn("seq", serial)
    .addColumn("advisory_id", "text", (c) => c.notNull())
    .addColumn("change", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addCheckConstraint("kb_changes_change", sql`change IN ('added', 'replaced', 'withdrawn', 'removed')`)
    .execute();

  // Named cursors of background jobs (the monitor's position in kb_changes, the notifier's in alert_events).
  await db.schema
    .createTable("job_cursors")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("position", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("alerts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("asset_id", "text", (c) => c.notNull().references("assets.id").onDelete("cascade"))
    .addColumn("ecosystem", "text", (c) => c.notNull())
    .addColumn("package_name", "text", (c) => c.notNull())
    .addColumn("normalized_name", "text", (c) => c.notNull())
    .addColumn("version", "text", (c) => c.notNull())
    .addColumn("purl", "text")
    // The vulnerability group's key: its CVE when it has one, else its first advisory id.
    .addColumn("vuln_id", "text", (c) => c.notNull())
    .addColumn("advisory_ids", "text", (c) => c.notNull())
    .addColumn("aliases", "text", (c) => c.notNull())
    .addColumn("summary", "text")
    .addColumn("severity", "text", (c) => c.notNull())
    .addColumn("severity_score", "real")
    .addColumn("severity_vector", "text")
    .addColumn("kev", "text")
    .addColumn("epss", "text")
    .addColumn("ssvc", "text")
    .addColumn("ssvc_decision", "text")
    .addColumn("timeline", "text")
    .addColumn("priority", "real", (c) => c.notNull())
    .addColumn("fixed_versions", "text", (c) => c.notNull())
    .addColumn("first_detected_at", "text", (c) => c.notNull())
    .addColumn("clock_start", "text", (c) => c.notNull())
    .addColumn("due_at", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("status_reason", "text")
    .addColumn("justification", "text")
    .addColumn("risk_expires_at", "text")
    .addColumn("resolved_at", "text")
    .addColumn("evidence_inventory_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("alerts_identity", ["asset_id", "ecosystem", "normalized_name", "vuln_id"])
    .addCheckConstraint(
      "alerts_status",
      sql`status IN ('open', 'acknowledged', 'in-progress', 'remediated', 'not-affected', 'risk-accepted', 'closed')`,
    )
    .execute();
  await db.schema.createIndex("alerts_by_org").on("alerts").columns(["org_id", "status", "due_at"]).execute();
  await db.schema.createIndex("alerts_by_vuln").on("alerts").columns(["vuln_id", "status"]).execute();

  // Which advisories make up an alert's group: how a withdrawn or dropped advisory finds its alerts.
  await db.schema
    .createTable("alert_advisories")
    .addColumn("alert_id", "text", (c) => c.notNull().references("alerts.id").onDelete("cascade"))
    .addColumn("advisory_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("alert_advisories_pk", ["alert_id", "advisory_id"])
    .execute();
  await db.schema.createIndex("alert_advisories_by_advisory").on("alert_advisories").column("advisory_id").execute();

  // Every status change of every alert; seq is the notifier's cursor.
  await db.schema
    .createTable("alert_events")
    .addColumn("seq", serial)
    .addColumn("alert_id", "text", (c) => c.notNull().references("alerts.id").onDelete("cascade"))
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor", "text")
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("details", "text")
    .execute();
  await db.schema.createIndex("alert_events_by_alert").on("alert_events").columns(["alert_id", "seq"]).execute();

  await db.schema
    .createTable("bulletins")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("vuln_id", "text", (c) => c.notNull().unique())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("instructions", "text", (c) => c.notNull())
    .addColumn("fixes", "text", (c) => c.notNull())
    .addColumn("links", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("bulletin_artifacts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("bulletin_id", "text", (c) => c.notNull().references("bulletins.id").onDelete("cascade"))
    .addColumn("filename", "text", (c) => c.notNull())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("size", "bigint", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("signature", "text", (c) => c.notNull())
    .addColumn("key_id", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("bulletin_artifacts_by_bulletin")
    .on("bulletin_artifacts")
    .column("bulletin_id")
    .execute();

  await db.schema
    .createTable("bulletin_deliveries")
    .addColumn("bulletin_id", "text", (c) => c.notNull().references("bulletins.id").onDelete("cascade"))
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("delivered_at", "text", (c) => c.notNull())
    .addColumn("viewed_at", "text")
    .addColumn("acknowledged_at", "text")
    .addColumn("applied_at", "text")
    .addPrimaryKeyConstraint("bulletin_deliveries_pk", ["bulletin_id", "org_id"])
    .addCheckConstraint("bulletin_deliveries_status", sql`status IN ('delivered', 'viewed', 'acknowledged', 'applied')`)
    .execute();
  await db.schema.createIndex("bulletin_deliveries_by_org").on("bulletin_deliveries").column("org_id").execute();

  await db.schema
    .createTable("inbox_items")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("org_id", "text", (c) => c.references("organisations.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("severity", "text")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("link", "text")
    .addColumn("subject_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("read_at", "text")
    // immediate / digest / none: how this item goes out by e-mail, decided from the user's preferences.
    .addColumn("email_mode", "text", (c) => c.notNull())
    .addColumn("emailed_at", "text")
    .execute();
  await db.schema.createIndex("inbox_items_by_user").on("inbox_items").columns(["user_id", "created_at"]).execute();
  await db.schema.createIndex("inbox_items_digest").on("inbox_items").columns(["email_mode", "emailed_at"]).execute();

  await db.schema
    .createTable("notification_prefs")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("severity", "text", (c) => c.notNull())
    .addColumn("mode", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("notification_prefs_pk", ["user_id", "severity"])
    .addCheckConstraint(
      "notification_prefs_severity",
      sql`severity IN ('critical', 'high', 'medium', 'low', 'unknown')`,
    )
    .addCheckConstraint("notification_prefs_mode", sql`mode IN ('immediate', 'digest', 'off')`)
    .execute();
}
