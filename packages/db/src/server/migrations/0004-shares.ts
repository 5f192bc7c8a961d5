import { type Kysely, sql } from "kysely";

/**
 * Sharing of labelled objects: each shared object's TLP label, owner organisation and creator,
 * and the organisations and people it is shared with. One table for every object type, so one
 * visibility filter (shares.ts) serves every list, count and read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("shares")
    .addColumn("object_type", "text", (c) => c.notNull())
    .addColumn("object_id", "text", (c) => c.notNull())
    .addColumn("tlp", "text", (c) => c.notNull())
    .addColumn("owner_org_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("shares_pk", ["object_type", "object_id"])
    // Only canonical labels: the visibility filter compares them as text.
    .addCheckConstraint("shares_tlp", sql`tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')`)
    .execute();
  await db.schema.createIndex("shares_by_owner").on("shares").columns(["owner_org_id", "object_type"]).execute();
  await db.schema
    .createTable("share_orgs")
    .addColumn("object_type", "text", (c) => c.notNull())
    .addColumn("object_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("share_orgs_pk", ["object_type", "object_id", "org_id"])
    .execute();
  await db.schema.createIndex("share_orgs_by_org").on("share_orgs").columns(["org_id", "object_type"]).execute();
  await db.schema
    .createTable("share_users")
    .addColumn("object_type", "text", (c) => c.notNull())
    .addColumn("object_id", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("share_users_pk", ["object_type", "object_id", "user_id"])
    .execute();
  await db.schema.createIndex("share_users_by_user").on("share_users").columns(["user_id", "object_type"]).execute();
}
