import { BulwarkError } from "@bulwark/core";
import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";
import type { Dialect, ServerDb } from "./connect.ts";
import * as identity from "./migrations/0001-identity.ts";
import * as knowledge from "./migrations/0002-knowledge.ts";
import * as jobs from "./migrations/0003-jobs.ts";
import * as shares from "./migrations/0004-shares.ts";
import * as assets from "./migrations/0005-assets.ts";
import * as outbox from "./migrations/0006-outbox.ts";
import * as signingKeys from "./migrations/0007-signing-keys.ts";
import * as monitoring from "./migrations/0008-monitoring.ts";

/** One migration: its name (sorted order is run order) and its step, told which dialect it runs on. */
interface ServerMigration {
  readonly name: string;
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/** Every server migration, in order. Never edit a released one: append. */
export const SERVER_MIGRATIONS: readonly ServerMigration[] = [
  { name: "0001-identity", up: identity.up },
  { name: "0002-knowledge", up: knowledge.up },
  { name: "0003-jobs", up: jobs.up },
  { name: "0004-shares", up: shares.up },
  { name: "0005-assets", up: assets.up },
  { name: "0006-outbox", up: outbox.up },
  { name: "0007-signing-keys", up: signingKeys.up },
  { name: "0008-monitoring", up: monitoring.up },
];

function provider(dialect: Dialect): MigrationProvider {
  return {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const m of SERVER_MIGRATIONS) out[m.name] = { up: (db) => m.up(db, dialect) };
      return out;
    },
  };
}

/** What {@link migrateServerDb} did. */
export interface MigrationOutcome {
  /** Migrations applied now, in order (empty when the database was up to date). */
  readonly applied: readonly string[];
}

/**
 * Bring the database to the latest schema. Idempotent, and safe when several server processes
 * start at once: Kysely's migrator takes a lock, and each migration runs in a transaction.
 */
export async function migrateServerDb(db: ServerDb): Promise<MigrationOutcome> {
  const migrator = new Migrator({ db: db.kysely, provider: provider(db.dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName;
    throw new BulwarkError(
      "BULWARK_DB_WRITE_FAILED",
      `migrating ${db.location} failed${failed ? ` at ${failed}` : ""}: ${(error as Error).message ?? String(error)}`,
      { cause: error },
    );
  }
  return { applied: (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName) };
}
