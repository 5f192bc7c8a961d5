import { inflateRawSync } from "node:zlib";
import { osvDigest } from "@bulwark/advisories";
import type { OsvRecord } from "@bulwark/core";
import type Database from "better-sqlite3";

/** One schema step: SQL, or code for steps that must compute from stored data. */
export type Migration = string | ((db: Database.Database) => void);

/**
 * Migration 2: each advisory's digest (see `osvDigest`), computed for the rows already stored.
 * The table is rebuilt rather than altered so the small digest sits before the large record:
 * SQLite reads a row's columns in order, and reaching a column after a record that spills
 * into overflow pages means walking those pages on every digest read.
 */
function addDigests(db: Database.Database): void {
  db.exec(`
    CREATE TABLE advisories_v2 (
      id          TEXT NOT NULL UNIQUE,
      modified    TEXT NOT NULL,
      modified_ms INTEGER NOT NULL,
      published   TEXT,
      withdrawn   TEXT,
      summary     TEXT,
      digest      TEXT NOT NULL, -- osvDigest(record) as JSON: what a scan reads per finding
      record      BLOB NOT NULL  -- the original JSON text as a raw DEFLATE stream
    )`);
  const insert = db.prepare(
    `INSERT INTO advisories_v2 (id, modified, modified_ms, published, withdrawn, summary, digest, record)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // In batches: a connection cannot write while one of its statements is still iterating.
  const batch = db.prepare(
    `SELECT rowid, id, modified, modified_ms, published, withdrawn, summary, record FROM advisories
      WHERE rowid > ? ORDER BY rowid LIMIT 1000`,
  );
  type Row = [number, string, string, number, string | null, string | null, string | null, Buffer];
  for (let after = 0; ; ) {
    const rows = batch.raw().all(after) as Row[];
    if (rows.length === 0) break;
    for (const [rowid, id, modified, modifiedMs, published, withdrawn, summary, record] of rows) {
      const digest = JSON.stringify(osvDigest(JSON.parse(inflateRawSync(record).toString("utf8")) as OsvRecord));
      insert.run(id, modified, modifiedMs, published, withdrawn, summary, digest, record);
      after = rowid;
    }
  }
  db.exec("DROP TABLE advisories; ALTER TABLE advisories_v2 RENAME TO advisories");
}

/**
 * Migrations of the advisory database, applied in order; PRAGMA user_version holds
 * how many have run. Never edit a released migration: append a new one.
 */
export const MIGRATIONS: readonly Migration[] = [
  `
  -- A rowid table: records are large, and WITHOUT ROWID B-trees degrade with large rows.
  CREATE TABLE advisories (
    id          TEXT NOT NULL UNIQUE,
    modified    TEXT NOT NULL,
    modified_ms INTEGER NOT NULL,
    published   TEXT,
    withdrawn   TEXT,
    summary     TEXT,
    record      BLOB NOT NULL -- the original JSON text as a raw DEFLATE stream
  );

  -- Denormalised (modified, withdrawn, aliases copied from the advisory) so a package
  -- lookup is one index range scan with no join; rewritten whenever the advisory is.
  CREATE TABLE affected (
    advisory_id TEXT NOT NULL,
    ordinal     INTEGER NOT NULL,
    ecosystem   TEXT NOT NULL,
    base        TEXT NOT NULL,
    name        TEXT NOT NULL,
    modified    TEXT NOT NULL,
    withdrawn   INTEGER NOT NULL,
    aliases     TEXT NOT NULL,
    entry       TEXT NOT NULL
  );
  CREATE INDEX affected_by_package ON affected (base, name);
  CREATE INDEX affected_by_advisory ON affected (advisory_id);

  CREATE TABLE aliases (
    advisory_id TEXT NOT NULL,
    alias       TEXT NOT NULL,
    PRIMARY KEY (advisory_id, alias)
  ) WITHOUT ROWID;
  CREATE INDEX aliases_by_alias ON aliases (alias);

  CREATE TABLE advisory_sources (
    source      TEXT NOT NULL,
    advisory_id TEXT NOT NULL,
    PRIMARY KEY (source, advisory_id)
  ) WITHOUT ROWID;
  CREATE INDEX advisory_sources_by_id ON advisory_sources (advisory_id);

  CREATE TABLE sources (
    name          TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    location      TEXT NOT NULL,
    imported_at   TEXT NOT NULL,
    checked_at    TEXT NOT NULL, -- last time the source was confirmed current (import or HTTP 304)
    records       INTEGER NOT NULL,
    etag          TEXT,
    last_modified TEXT,
    version       TEXT
  );

  CREATE TABLE kev (
    cve_id             TEXT PRIMARY KEY,
    vendor_project     TEXT NOT NULL,
    product            TEXT NOT NULL,
    vulnerability_name TEXT NOT NULL,
    date_added         TEXT NOT NULL,
    short_description  TEXT NOT NULL,
    required_action    TEXT NOT NULL,
    due_date           TEXT NOT NULL,
    known_ransomware   TEXT NOT NULL,
    notes              TEXT NOT NULL,
    cwes               TEXT NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE epss (
    cve        TEXT PRIMARY KEY,
    epss       REAL NOT NULL,
    percentile REAL NOT NULL
  ) WITHOUT ROWID;
  `,
  addDigests,
];
