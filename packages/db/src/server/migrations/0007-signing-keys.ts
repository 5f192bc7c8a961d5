import type { Kysely } from "kysely";

/**
 * The clearinghouse's signing keys: one Ed25519 key pair shared by every node, the private half
 * encrypted with the master key from configuration (never stored in the clear). A retired key
 * stays, so signatures it made can still be checked against its public half.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("signing_keys")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("algorithm", "text", (c) => c.notNull())
    .addColumn("public_key", "text", (c) => c.notNull())
    .addColumn("private_key_encrypted", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("retired_at", "text")
    .execute();
}
