import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { BulwarkError } from "@bulwark/core";
import Database from "better-sqlite3";
import { MIGRATIONS } from "./schema.ts";

/** Open (creating if needed) and migrate an advisory database file. */
export function openSqlite(path: string, readonly: boolean): Database.Database {
  let db: Database.Database;
  try {
    if (!readonly && path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { readonly, fileMustExist: readonly });
  } catch (e) {
    throw new BulwarkError("BULWARK_DB_OPEN_FAILED", `cannot open advisory database ${path}: ${(e as Error).message}`, {
      cause: e,
      details: { path },
    });
  }
  try {
    db.pragma("busy_timeout = 5000");
    // Pages read through a memory map instead of a read() per page: a scan makes tens of
    // thousands of random look-ups across the file.
    if (path !== ":memory:") db.pragma("mmap_size = 1073741824");
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new BulwarkError(
        "BULWARK_DB_SCHEMA_NEWER",
        `advisory database ${path} has schema ${version}; this Bulwark knows ${MIGRATIONS.length}`,
      );
    }
    if (!readonly) {
      // WAL lets scans read while an import writes; a killed writer leaves the last commit intact.
      // Larger pages suit a bulk-loaded, read-mostly file (only takes effect on a new file).
      if (version === 0) db.pragma("page_size = 16384");
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      // Enough cache that a whole import's pages stay in memory until commit (KiB, negative).
      db.pragma("cache_size = -262144");
      if (version < MIGRATIONS.length) {
        db.transaction(() => {
          for (const step of MIGRATIONS.slice(version)) {
            if (typeof step === "string") db.exec(step);
            else step(db);
          }
          db.pragma(`user_version = ${MIGRATIONS.length}`);
        })();
      }
    } else if (version < MIGRATIONS.length) {
      // A database written by an older Bulwark: migrate it once (writable), then read it as asked.
      db.close();
      openSqlite(path, false).close();
      return openSqlite(path, true);
    }
    return db;
  } catch (e) {
    db.close();
    if (e instanceof BulwarkError) throw e;
    throw new BulwarkError("BULWARK_DB_OPEN_FAILED", `cannot use advisory database ${path}: ${(e as Error).message}`, {
      cause: e,
      details: { path },
    });
  }
}
