import { type Kysely, sql } from "kysely";
import type { Dialect } from "../connect.ts";

/**
 * Outbound notifications: an organisation's webhook endpoints, and the transactional outbox that
 * delivers webhooks and e-mail. A message is written in the same transaction as the change it
 * reports, so it exists exactly when that change committed; workers deliver it afterwards.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("webhooks")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("url", "text", (c) => c.notNull())
    // Kept readable: the server must compute HMACs with it (a hash would not do).
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("consecutive_failures", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("disabled_at", "text")
    .addColumn("disabled_reason", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("webhooks_by_org").on("webhooks").columns(["org_id", "created_at"]).execute();

  await db.schema
    .createTable("outbox")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    // A webhook id or (later) a mail recipient; no foreign key, as kinds point at different tables.
    .addColumn("target_id", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    // The claim holding the message; finishing an attempt checks it, so a lost worker cannot overwrite.
    .addColumn("claim_token", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .addCheckConstraint("outbox_kind", sql`kind IN ('webhook', 'email')`)
    .addCheckConstraint("outbox_state", sql`state IN ('pending', 'sent', 'failed', 'dead')`)
    .execute();
  // The claim query: due messages of one kind, earliest first.
  await db.schema.createIndex("outbox_due").on("outbox").columns(["kind", "state", "next_attempt_at"]).execute();
  await db.schema.createIndex("outbox_by_target").on("outbox").columns(["target_id", "state"]).execute();
}
