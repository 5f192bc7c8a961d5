import type { OsvAffected, OsvRecord } from "@bulwark/core";

/** One `affected[]` entry as stored, with what the matcher needs of its advisory. */
export interface AffectedRow {
  /** The advisory's id. */
  readonly advisoryId: string;
  /** The advisory's aliases (for grouping). */
  readonly aliases: readonly string[];
  /** The advisory's `modified` time (RFC 3339). */
  readonly modified: string;
  /** The entry's full ecosystem string, suffix included (`Debian:12`). */
  readonly ecosystem: string;
  /** The `affected[]` entry itself. */
  readonly affected: OsvAffected;
  /**
   * The advisory's digest (`osvDigest`) as JSON, when the store reads it with the entry: one
   * query then gives a scan everything it needs of a matching advisory.
   */
  readonly digest?: string;
}

/**
 * Read side of an advisory knowledge base. Implemented by the SQLite advisory
 * database (CLI) and later by the server's database; withdrawn advisories are
 * never returned by {@link AdvisoryStore.findAffected}.
 */
export interface AdvisoryStore {
  /** Entries for a package, by canonical base ecosystem (`Debian`) and normalised name. */
  findAffected(baseEcosystem: string, normalizedName: string): Promise<readonly AffectedRow[]>;
  /** A whole OSV record by id, withdrawn or not. */
  getById(id: string): Promise<OsvRecord | undefined>;
}
