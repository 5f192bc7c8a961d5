import type { ImportProblem, ParsedOsvRecord, PreparedOsvRecord } from "@bulwark/advisories";
import { ensurePrepared } from "@bulwark/advisories";
import { BulwarkError } from "@bulwark/core";
import type Database from "better-sqlite3";
import { writeEpss, writeKev } from "./feeds.ts";
import type { ImportBatch, ImportSummary, SourceSummary, SourceValidators } from "./types.ts";

/** Separates aliases in `affected.aliases` (a control character no id contains). */
export const ALIAS_SEPARATOR = "\u001f";

/** What an import does with an incoming record. */
export type RecordOutcome = "added" | "updated" | "unchanged" | "older";

/**
 * The rule for an incoming record against the stored copy's `modified` (ms; undefined when
 * none is stored): a newer `modified` replaces, an equal one is unchanged, an older one is
 * skipped. Shared by the CLI and the server's knowledge base.
 */
export function recordOutcome(storedMs: number | undefined, incomingMs: number): RecordOutcome {
  if (storedMs === undefined) return "added";
  if (incomingMs > storedMs) return "updated";
  return incomingMs === storedMs ? "unchanged" : "older";
}

/** Secondary indexes dropped while loading an empty database and built once at commit. */
const SECONDARY_INDEXES: readonly (readonly [string, string])[] = [
  ["affected_by_package", "CREATE INDEX affected_by_package ON affected (base, name)"],
  ["affected_by_advisory", "CREATE INDEX affected_by_advisory ON affected (advisory_id)"],
  ["aliases_by_alias", "CREATE INDEX aliases_by_alias ON aliases (alias)"],
  ["advisory_sources_by_id", "CREATE INDEX advisory_sources_by_id ON advisory_sources (advisory_id)"],
];

function statements(db: Database.Database) {
  return {
    upsertAdvisory: db.prepare(
      `INSERT INTO advisories (id, modified, modified_ms, published, withdrawn, summary, record, digest)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET modified = excluded.modified, modified_ms = excluded.modified_ms,
         published = excluded.published, withdrawn = excluded.withdrawn, summary = excluded.summary,
         record = excluded.record, digest = excluded.digest`,
    ),
    deleteAffected: db.prepare("DELETE FROM affected WHERE advisory_id = ?"),
    insertAffected: db.prepare(
      `INSERT INTO affected (advisory_id, ordinal, ecosystem, base, name, modified, withdrawn, aliases, entry)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    deleteAliases: db.prepare("DELETE FROM aliases WHERE advisory_id = ?"),
    insertAlias: db.prepare("INSERT OR IGNORE INTO aliases (advisory_id, alias) VALUES (?, ?)"),
    addMembership: db.prepare("INSERT OR IGNORE INTO advisory_sources (source, advisory_id) VALUES (?, ?)"),
    sourceIds: db.prepare("SELECT advisory_id FROM advisory_sources WHERE source = ?").pluck(),
    dropMembership: db.prepare("DELETE FROM advisory_sources WHERE source = ? AND advisory_id = ?"),
    membershipCount: db.prepare("SELECT count(*) FROM advisory_sources WHERE advisory_id = ?").pluck(),
    deleteAdvisory: db.prepare("DELETE FROM advisories WHERE id = ?"),
    upsertSource: db.prepare(
      `INSERT INTO sources (name, kind, location, imported_at, checked_at, records, etag, last_modified, version)
       VALUES (?, 'osv', ?, ?, ?, ?, ?, ?, NULL)
       ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, location = excluded.location,
         imported_at = excluded.imported_at, checked_at = excluded.checked_at, records = excluded.records,
         etag = excluded.etag,
         last_modified = excluded.last_modified, version = excluded.version`,
    ),
  };
}

/** What an import tracks per OSV source (the CLI's session and the server's writer alike). */
export interface SourceState {
  readonly location: string;
  readonly full: boolean;
  /** Ids the source holds (stored before this import, plus what it delivered now). */
  readonly members: Set<string>;
  readonly seen: Set<string>;
  validators: SourceValidators | undefined;
  added: number;
  updated: number;
  unchanged: number;
  older: number;
}

/** Identifies an OSV source in {@link ImportSession.addRecords}. */
export interface SourceRef {
  /** Stable source name (`osv:PyPI`, `dir:/abs/path`, ...). */
  readonly source: string;
  /** Where it was read from. */
  readonly location: string;
  /** A full export: at commit, records it had before and did not deliver now are removed. */
  readonly full: boolean;
}

/**
 * One import as an open write transaction that records can be streamed into (the CLI
 * feeds it from a reader thread). Nothing is visible to readers until {@link commit};
 * any failure, or a process killed midway, leaves the previous database as it was.
 */
export class ImportSession {
  readonly #db: Database.Database;
  readonly #now: string;
  readonly #st: ReturnType<typeof statements>;
  readonly #known: Map<string, number>;
  readonly #sources = new Map<string, SourceState>();
  readonly #problems: ImportProblem[] = [];
  readonly #started = performance.now();
  #kev: ImportBatch["kev"];
  #epss: ImportBatch["epss"];
  #bulk = false;
  readonly #bulkAllowed: boolean;
  #open = true;

  /**
   * Begin the transaction; prefer {@link AdvisoryDatabase.beginImport}. With
   * `deferIndexes`, loading an empty database drops the secondary indexes and builds
   * them at commit: faster when one thread does everything, slower when records stream
   * in from a reader thread (index upkeep then overlaps the reading).
   */
  constructor(db: Database.Database, now: string, path: string, deferIndexes = true) {
    this.#db = db;
    this.#bulkAllowed = deferIndexes;
    this.#now = now;
    this.#path = path;
    db.exec("BEGIN IMMEDIATE");
    try {
      this.#st = statements(db);
      // One read of every (id, modified) replaces a SELECT per incoming record.
      this.#known = new Map(db.prepare("SELECT id, modified_ms FROM advisories").raw().all() as [string, number][]);
      if (this.#known.size === 0 && this.#bulkAllowed) {
        // Loading an empty database: building indexes once at the end beats updating them per row.
        this.#bulk = true;
        for (const [name] of SECONDARY_INDEXES) db.exec(`DROP INDEX IF EXISTS ${name}`);
      }
    } catch (e) {
      this.#fail(e);
    }
  }

  readonly #path: string;

  #fail(e: unknown): never {
    this.rollback();
    if (e instanceof BulwarkError) throw e;
    throw new BulwarkError("BULWARK_DB_WRITE_FAILED", `import failed and was rolled back: ${(e as Error).message}`, {
      cause: e,
      details: { path: this.#path },
    });
  }

  #guard<T>(fn: () => T): T {
    if (!this.#open)
      throw new BulwarkError("BULWARK_DB_WRITE_FAILED", "the import was already committed or rolled back");
    try {
      return fn();
    } catch (e) {
      this.#fail(e);
    }
  }

  #state(ref: SourceRef): SourceState {
    let s = this.#sources.get(ref.source);
    if (!s) {
      s = {
        location: ref.location,
        full: ref.full,
        members: new Set(this.#st.sourceIds.all(ref.source) as string[]),
        seen: new Set(),
        validators: undefined,
        added: 0,
        updated: 0,
        unchanged: 0,
        older: 0,
      };
      this.#sources.set(ref.source, s);
    }
    return s;
  }

  #write(rec: PreparedOsvRecord, replacing: boolean): void {
    const st = this.#st;
    if (replacing) {
      st.deleteAffected.run(rec.id);
      st.deleteAliases.run(rec.id);
    }
    st.upsertAdvisory.run(
      rec.id,
      rec.modified,
      rec.modifiedMs,
      rec.published,
      rec.withdrawn,
      rec.summary,
      rec.deflated,
      rec.digest,
    );
    const withdrawn = rec.withdrawn === null ? 0 : 1;
    const aliases = rec.aliases.join(ALIAS_SEPARATOR);
    for (const a of rec.affected) {
      st.insertAffected.run(rec.id, a.ordinal, a.ecosystem, a.base, a.name, rec.modified, withdrawn, aliases, a.entry);
    }
    for (const alias of rec.aliases) st.insertAlias.run(rec.id, alias);
  }

  /** Add records of a source; may be called several times for one source (chunks). */
  addRecords(ref: SourceRef, records: Iterable<ParsedOsvRecord | PreparedOsvRecord>): void {
    this.#guard(() => {
      const s = this.#state(ref);
      for (const raw of records) {
        const rec = ensurePrepared(raw);
        s.seen.add(rec.id);
        const outcome = recordOutcome(this.#known.get(rec.id), rec.modifiedMs);
        s[outcome]++;
        if (outcome === "added" || outcome === "updated") {
          this.#write(rec, outcome === "updated");
          this.#known.set(rec.id, rec.modifiedMs);
        }
        if (!s.members.has(rec.id)) {
          this.#st.addMembership.run(ref.source, rec.id);
          s.members.add(rec.id);
        }
      }
    });
  }

  /** Record HTTP validators for a source (conditional requests next time). */
  setValidators(source: string, validators: SourceValidators): void {
    const s = this.#sources.get(source);
    if (s) s.validators = validators;
  }

  /** Problems found while reading, reported back in the summary. */
  addProblems(problems: readonly ImportProblem[]): void {
    this.#problems.push(...problems);
  }

  /** Replace the KEV catalog at commit (unless the stored one is newer). */
  setKev(kev: NonNullable<ImportBatch["kev"]>): void {
    this.#kev = kev;
  }

  /** Replace the EPSS scores at commit (unless the stored ones are newer). */
  setEpss(epss: NonNullable<ImportBatch["epss"]>): void {
    this.#epss = epss;
  }

  #finishSource(name: string, s: SourceState): SourceSummary {
    let removed = 0;
    if (s.full) {
      for (const id of s.members) {
        if (s.seen.has(id)) continue;
        this.#st.dropMembership.run(name, id);
        if (((this.#st.membershipCount.get(id) as number | undefined) ?? 0) === 0) {
          this.#st.deleteAffected.run(id);
          this.#st.deleteAliases.run(id);
          this.#st.deleteAdvisory.run(id);
          this.#known.delete(id);
          removed++;
        }
      }
    }
    this.#st.upsertSource.run(
      name,
      s.location,
      this.#now,
      this.#now,
      s.seen.size,
      s.validators?.etag ?? null,
      s.validators?.lastModified ?? null,
    );
    return { source: name, added: s.added, updated: s.updated, unchanged: s.unchanged, older: s.older, removed };
  }

  /** Finish removals, KEV and EPSS, rebuild indexes, and commit. */
  commit(): ImportSummary {
    return this.#guard(() => {
      const sources = [...this.#sources].map(([name, s]) => this.#finishSource(name, s));
      const kev = writeKev(this.#db, this.#kev, this.#now);
      const epss = writeEpss(this.#db, this.#epss, this.#now);
      if (this.#bulk) for (const [, sql] of SECONDARY_INDEXES) this.#db.exec(sql);
      this.#db.exec("COMMIT");
      this.#open = false;
      return {
        sources,
        problems: this.#problems,
        durationMs: performance.now() - this.#started,
        ...(kev ? { kev } : {}),
        ...(epss ? { epss } : {}),
      };
    });
  }

  /** Abandon the import; the database keeps its previous contents. Safe to call twice. */
  rollback(): void {
    if (!this.#open) return;
    this.#open = false;
    if (this.#db.inTransaction) this.#db.exec("ROLLBACK");
  }
}
