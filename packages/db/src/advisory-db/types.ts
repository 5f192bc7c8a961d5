import type {
  EpssFile,
  ImportProblem,
  KevCatalog,
  KevEntry,
  ParsedOsvRecord,
  PreparedOsvRecord,
} from "@bulwark/advisories";

/** OSV records from one source (an export zip, a directory, a file). */
export interface OsvSourceImport {
  /** Stable source name: `osv:PyPI` for osv.dev's PyPI export, `dir:/abs/path`, ... */
  readonly source: string;
  /** Where it was read from (path or URL), for `db status`. */
  readonly location: string;
  /** A full export: records this source had before and lacks now are removed. */
  readonly full: boolean;
  /** The records; iterated once, inside the transaction (a lazy iterable keeps memory flat). */
  readonly records: Iterable<ParsedOsvRecord | PreparedOsvRecord>;
}

/** HTTP validators kept per source so `db update` can make conditional requests. */
export interface SourceValidators {
  readonly etag?: string | undefined;
  readonly lastModified?: string | undefined;
}

/** Everything one `db import` or `db update` writes, in one transaction. */
export interface ImportBatch {
  readonly osv?: readonly OsvSourceImport[];
  readonly kev?: { readonly catalog: KevCatalog; readonly location: string } & SourceValidators;
  readonly epss?: { readonly file: EpssFile; readonly location: string } & SourceValidators;
  /** Validators to record for OSV sources, by source name. */
  readonly validators?: Readonly<Record<string, SourceValidators>>;
  /** Problems found while reading the inputs, reported back with the summary. */
  readonly problems?: readonly ImportProblem[];
}

/** What happened to one OSV source. */
export interface SourceSummary {
  readonly source: string;
  /** New records. */
  readonly added: number;
  /** Records replaced by a newer `modified`. */
  readonly updated: number;
  /** Records already present with the same `modified`. */
  readonly unchanged: number;
  /** Records skipped because the stored copy is newer. */
  readonly older: number;
  /** Records removed because this full export no longer has them (and no other source does). */
  readonly removed: number;
}

/** The result of {@link ImportBatch} being applied. */
export interface ImportSummary {
  readonly sources: readonly SourceSummary[];
  readonly kev?: { readonly entries: number; readonly catalogVersion: string; readonly skipped?: string };
  readonly epss?: { readonly scores: number; readonly scoreDate: string; readonly skipped?: string };
  readonly problems: readonly ImportProblem[];
  readonly durationMs: number;
}

/** A source as `db status` shows it. */
export interface SourceInfo {
  readonly name: string;
  readonly kind: "osv" | "kev" | "epss";
  readonly location: string;
  readonly importedAt: string;
  /** Last time the source was confirmed current: an import, or an HTTP 304 from `db update`. */
  readonly checkedAt: string;
  readonly records: number;
  readonly etag: string | undefined;
  readonly lastModified: string | undefined;
  readonly version: string | undefined;
}

/** The state of the database. */
export interface DbStatus {
  readonly path: string;
  readonly schemaVersion: number;
  readonly advisories: number;
  readonly withdrawn: number;
  /** Advisories per base ecosystem (an advisory counts once per ecosystem it names). */
  readonly byEcosystem: Readonly<Record<string, number>>;
  readonly sources: readonly SourceInfo[];
  readonly kevEntries: number;
  readonly epssScores: number;
  /** The newest `checkedAt` of any source (when the data was last known current), or undefined. */
  readonly lastUpdate: string | undefined;
}

/** A KEV row as stored: the catalog entry exactly as CISA publishes it. */
export type KevRow = KevEntry;
