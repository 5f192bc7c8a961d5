import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { BulwarkError } from "@bulwark/core";
import Database from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import type { ServerSchema } from "./schema.ts";

/** The two databases the server runs on. */
export type Dialect = "sqlite" | "postgres";

/** Where the server's data lives: a data directory (embedded SQLite) or a PostgreSQL URL. */
export interface ServerDbOptions {
  /** Directory for `bulwark.db` (and, later, blobs); used when there is no URL. */
  readonly dataDir?: string;
  /** `postgres://…`: use PostgreSQL instead of the embedded SQLite file. */
  readonly databaseUrl?: string;
  /** PostgreSQL pool size (default 10). */
  readonly poolSize?: number;
}

/** An open server database. */
export interface ServerDb {
  readonly kysely: Kysely<ServerSchema>;
  readonly dialect: Dialect;
  /** Where it is, for messages: the SQLite path, or the URL without its password. */
  readonly location: string;
  close(): Promise<void>;
}

/** A URL safe to print: the password replaced. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== "") u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable database URL)";
  }
}

/** `fn` run at most once; later calls get the first call's promise. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= fn();
    return done;
  };
}

function openSqliteFile(dataDir: string): ServerDb {
  const path = join(dataDir, "bulwark.db");
  let sqlite: Database.Database;
  try {
    mkdirSync(dataDir, { recursive: true });
    sqlite = new Database(path);
    // WAL: readers never wait for the writer; foreign keys are off by default in SQLite.
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
  } catch (e) {
    throw new BulwarkError("BULWARK_DB_OPEN_FAILED", `cannot open ${path}: ${(e as Error).message}`, {
      cause: e,
      details: { path },
    });
  }
  const kysely = new Kysely<ServerSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { kysely, dialect: "sqlite", location: path, close: once(() => kysely.destroy()) };
}

function openPostgres(url: string, poolSize: number): ServerDb {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new BulwarkError(
      "BULWARK_CONFIG_INVALID",
      `database URL must start with postgres:// (got ${redactUrl(url)})`,
    );
  }
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const kysely = new Kysely<ServerSchema>({ dialect: new PostgresDialect({ pool }) });
  return { kysely, dialect: "postgres", location: redactUrl(url), close: once(() => kysely.destroy()) };
}

/**
 * Open the server database: PostgreSQL when a URL is given, else `<dataDir>/bulwark.db`. Nothing
 * is read or migrated here; call `migrateServerDb` (the server does at start) to bring it up to date.
 */
export function openServerDb(options: ServerDbOptions): ServerDb {
  if (options.databaseUrl !== undefined && options.databaseUrl !== "") {
    return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  }
  if (options.dataDir === undefined) {
    throw new BulwarkError("BULWARK_CONFIG_INVALID", "the server needs a data directory or a database URL");
  }
  return openSqliteFile(options.dataDir);
}
