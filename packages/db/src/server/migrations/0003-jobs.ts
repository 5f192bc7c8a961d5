import type { Kysely } from "kysely";
import type { Dialect } from "../connect.ts";

/**
 * The job queue of SQLite mode (`server/jobs/sqlite-queue.ts`) and its cron schedules. Created on
 * both dialects so the schema is the same everywhere; PostgreSQL mode uses pg-boss's own `pgboss`
 * schema instead and leaves these tables empty.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("jobs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("retry_limit", "integer", (c) => c.notNull())
    .addColumn("retry_delay", "integer", (c) => c.notNull())
    .addColumn("backoff", "integer", (c) => c.notNull())
    .addColumn("run_after", "text", (c) => c.notNull())
    .addColumn("singleton_key", "text")
    .addColumn("locked_by", "text")
    .addColumn("locked_until", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  // The claim query: runnable jobs of one name, oldest due first.
  await db.schema.createIndex("jobs_claim").on("jobs").columns(["name", "state", "run_after"]).execute();
  await db.schema.createIndex("jobs_singleton").on("jobs").columns(["name", "singleton_key"]).execute();

  await db.schema
    .createTable("job_schedules")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("cron", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("last_tick", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}
