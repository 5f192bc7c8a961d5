import { inflateRawSync } from "node:zlib";
import type { AdvisoryStore, AffectedRow, EpssScore } from "@bulwark/advisories";
import type { OsvAffected, OsvRecord } from "@bulwark/core";
import type Database from "better-sqlite3";
import { kevRow } from "./feeds.ts";
import { ALIAS_SEPARATOR, ImportSession } from "./import-session.ts";
import { openSqlite } from "./open.ts";
import { MIGRATIONS } from "./schema.ts";
import type { DbStatus, ImportBatch, ImportSummary, KevRow, SourceInfo } from "./types.ts";

/** Options for {@link AdvisoryDatabase.open}. */
export interface AdvisoryDatabaseOptions {
  /** Open read-only (scans); the file must exist. */
  readonly readonly?: boolean;
  /** The clock used for `importedAt`; injected so tests control time. */
  readonly now?: () => Date;
}

/** One row of the package look-up (`affected` joined with its advisory's digest), in any store with the CLI's columns. */
export interface AffectedQueryRow {
  advisory_id: string;
  ecosystem: string;
  entry: string;
  modified: string;
  aliases: string | null;
  /** Absent when the look-up leaves digests out (the server's bulk look-up). */
  digest?: string;
}

/** A package look-up row as the matcher's {@link AffectedRow}; shared by the CLI and the server. */
export function affectedRow(r: AffectedQueryRow): AffectedRow {
  return {
    advisoryId: r.advisory_id,
    aliases: r.aliases ? r.aliases.split(ALIAS_SEPARATOR) : [],
    modified: r.modified,
    ecosystem: r.ecosystem,
    affected: JSON.parse(r.entry) as OsvAffected,
    ...(r.digest !== undefined && { digest: r.digest }),
  };
}

/** A `sources` row (any store with the CLI's columns) as {@link SourceInfo}; shared by the CLI and the server. */
export function sourceInfo(r: Readonly<Record<string, unknown>>): SourceInfo {
  return {
    name: String(r.name),
    kind: r.kind as SourceInfo["kind"],
    location: String(r.location),
    importedAt: String(r.imported_at),
    checkedAt: String(r.checked_at),
    records: Number(r.records),
    etag: (r.etag as string | null) ?? undefined,
    lastModified: (r.last_modified as string | null) ?? undefined,
    version: (r.version as string | null) ?? undefined,
  };
}

/**
 * The advisory knowledge base on SQLite: whole OSV records, an index
 * (base ecosystem, normalised name) → affected entries, aliases, KEV and EPSS.
 * One file; every import is one transaction.
 */
export class AdvisoryDatabase implements AdvisoryStore {
  readonly path: string;
  readonly #db: Database.Database;
  readonly #now: () => Date;
  readonly #findAffected: Database.Statement<[string, string], AffectedQueryRow>;
  readonly #getById: Database.Statement<[string], { record: Buffer }>;
  readonly #getDigest: Database.Statement<[string], { digest: string }>;
  // Prepared once: a scan asks for KEV and EPSS rows thousands of times.
  readonly #getKev: Database.Statement<[string], Record<string, string>>;
  readonly #getEpss: Database.Statement<[string], EpssScore>;

  private constructor(path: string, db: Database.Database, now: () => Date) {
    this.path = path;
    this.#db = db;
    this.#now = now;
    // The digest comes along: one join in SQLite costs a fraction of a look-up per advisory from JS.
    this.#findAffected = db.prepare(
      `SELECT a.advisory_id, a.ecosystem, a.entry, a.modified, a.aliases, d.digest
         FROM affected a JOIN advisories d ON d.id = a.advisory_id
        WHERE a.base = ? AND a.name = ? AND a.withdrawn = 0
        ORDER BY a.advisory_id, a.ordinal`,
    );
    this.#getById = db.prepare("SELECT record FROM advisories WHERE id = ?");
    this.#getDigest = db.prepare("SELECT digest FROM advisories WHERE id = ?");
    this.#getKev = db.prepare("SELECT * FROM kev WHERE cve_id = ?");
    this.#getEpss = db.prepare("SELECT cve, epss, percentile FROM epss WHERE cve = ?");
  }

  /** Open or create the database at `path` (`:memory:` for tests). */
  static open(path: string, options: AdvisoryDatabaseOptions = {}): AdvisoryDatabase {
    const db = openSqlite(path, options.readonly ?? false);
    return new AdvisoryDatabase(path, db, options.now ?? (() => new Date()));
  }

  /** Close the file. */
  close(): void {
    this.#db.close();
  }

  /**
   * Open an import: a write transaction that records can be streamed into, committed
   * or rolled back as a whole. `streaming: true` when records arrive from another thread
   * (keeps indexes up to date as rows arrive instead of rebuilding them at commit).
   */
  beginImport(options: { streaming?: boolean } = {}): ImportSession {
    return new ImportSession(this.#db, this.#now().toISOString(), this.path, !options.streaming);
  }

  /**
   * Apply a batch in one transaction: either all of it is stored or none of it (a
   * failure or a killed process leaves the previous contents intact).
   */
  import(batch: ImportBatch): ImportSummary {
    const session = this.beginImport();
    for (const src of batch.osv ?? []) {
      session.addRecords(src, src.records);
      const v = batch.validators?.[src.source];
      if (v) session.setValidators(src.source, v);
    }
    if (batch.problems) session.addProblems(batch.problems);
    if (batch.kev) session.setKev(batch.kev);
    if (batch.epss) session.setEpss(batch.epss);
    return session.commit();
  }

  /** Synchronous form of {@link findAffected}, for hot loops. */
  findAffectedSync(baseEcosystem: string, normalizedName: string): AffectedRow[] {
    return this.#findAffected.all(baseEcosystem, normalizedName).map(affectedRow);
  }

  /** Affected entries for a package (withdrawn advisories excluded). */
  async findAffected(baseEcosystem: string, normalizedName: string): Promise<readonly AffectedRow[]> {
    return this.findAffectedSync(baseEcosystem, normalizedName);
  }

  /** A whole OSV record by id. */
  async getById(id: string): Promise<OsvRecord | undefined> {
    const json = this.getJson(id);
    return json === undefined ? undefined : (JSON.parse(json) as OsvRecord);
  }

  /** A whole OSV record by id as the JSON text it was imported as. */
  getJson(id: string): string | undefined {
    const row = this.#getById.get(id);
    return row ? inflateRawSync(row.record).toString("utf8") : undefined;
  }

  /**
   * The digest of a record (`osvDigest`: id, dates, aliases, summary, severity, references):
   * what a scan reads for every finding, a fraction of the whole record's size.
   */
  getDigest(id: string): OsvRecord | undefined {
    const row = this.#getDigest.get(id);
    return row ? (JSON.parse(row.digest) as OsvRecord) : undefined;
  }

  /** Advisory ids that list `alias` among their aliases. */
  idsForAlias(alias: string): string[] {
    return (
      this.#db.prepare("SELECT advisory_id FROM aliases WHERE alias = ? ORDER BY advisory_id").all(alias) as {
        advisory_id: string;
      }[]
    ).map((r) => r.advisory_id);
  }

  /** The KEV entry for a CVE, if it is in the catalog. */
  getKev(cve: string): KevRow | undefined {
    const r = this.#getKev.get(cve);
    return r === undefined ? undefined : kevRow(r, cve);
  }

  /** Every KEV entry (the catalog is small: about 1,500 rows). */
  kevEntries(): KevRow[] {
    return (this.#db.prepare("SELECT * FROM kev").all() as Record<string, string>[]).map((r) =>
      kevRow(r, r.cve_id ?? ""),
    );
  }

  /** The EPSS score of a CVE, if scored. */
  getEpss(cve: string): EpssScore | undefined {
    return this.#getEpss.get(cve);
  }

  /**
   * Record that sources were confirmed current without new data (HTTP 304), so a
   * database that is up to date is not reported stale.
   */
  markChecked(names: readonly string[]): void {
    const st = this.#db.prepare("UPDATE sources SET checked_at = ? WHERE name = ?");
    const now = this.#now().toISOString();
    this.#db.transaction(() => {
      for (const n of names) st.run(now, n);
    })();
  }

  /** A source's stored metadata (for conditional downloads and status). */
  getSource(name: string): SourceInfo | undefined {
    return this.status().sources.find((s) => s.name === name);
  }

  /** When a source was last confirmed current (import or HTTP 304); undefined for an empty database. */
  lastUpdate(): string | undefined {
    const row = this.#db.prepare("SELECT max(checked_at) AS last FROM sources").get() as { last: string | null };
    return row.last ?? undefined;
  }

  /** Counts per ecosystem and source, and when each source was last imported. */
  status(): DbStatus {
    const db = this.#db;
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const byEcosystem: Record<string, number> = {};
    for (const r of db
      .prepare("SELECT base, count(DISTINCT advisory_id) AS n FROM affected GROUP BY base ORDER BY base")
      .all() as { base: string; n: number }[]) {
      byEcosystem[r.base] = r.n;
    }
    const sources = (db.prepare("SELECT * FROM sources ORDER BY name").all() as Record<string, unknown>[]).map(
      sourceInfo,
    );
    return {
      path: this.path,
      schemaVersion: MIGRATIONS.length,
      advisories: count("SELECT count(*) AS n FROM advisories"),
      withdrawn: count("SELECT count(*) AS n FROM advisories WHERE withdrawn IS NOT NULL"),
      byEcosystem,
      sources,
      kevEntries: count("SELECT count(*) AS n FROM kev"),
      epssScores: count("SELECT count(*) AS n FROM epss"),
      lastUpdate: this.lastUpdate(),
    };
  }
}
