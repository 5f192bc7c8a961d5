/**
 * Types for OSV records (https://ossf.github.io/osv-schema/), the advisory format
 * Bulwark stores and serves. Only the fields Bulwark reads are typed precisely;
 * records keep every other field untouched.
 */

/** One event of an OSV range; exactly one key is set. */
export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

/** An OSV `affected[].ranges[]` entry. */
export interface OsvRange {
  type: "SEMVER" | "ECOSYSTEM" | "GIT" | string;
  repo?: string;
  events: OsvEvent[];
  database_specific?: Record<string, unknown>;
}

/** The package an `affected` entry is about. */
export interface OsvPackage {
  ecosystem: string;
  name: string;
  purl?: string;
}

/** An OSV `affected[]` entry. */
export interface OsvAffected {
  package?: OsvPackage;
  severity?: OsvSeverity[];
  ranges?: OsvRange[];
  versions?: string[];
  ecosystem_specific?: Record<string, unknown>;
  database_specific?: Record<string, unknown>;
}

/** An OSV severity entry (CVSS vector or Ubuntu priority). */
export interface OsvSeverity {
  type: string;
  score: string;
}

/** A whole OSV record. */
export interface OsvRecord {
  schema_version?: string;
  id: string;
  modified: string;
  published?: string;
  withdrawn?: string;
  aliases?: string[];
  related?: string[];
  upstream?: string[];
  summary?: string;
  details?: string;
  severity?: OsvSeverity[];
  affected?: OsvAffected[];
  references?: { type: string; url: string }[];
  credits?: unknown[];
  database_specific?: Record<string, unknown>;
  [extra: string]: unknown;
}

/** A package identity as the matcher sees it. */
export interface PackageRef {
  /** OSV ecosystem string, possibly suffixed (`Debian:12`). */
  ecosystem: string;
  /** Package name as the ecosystem writes it (not yet normalised). */
  name: string;
  /** Version as the ecosystem writes it. */
  version: string;
  /** The package URL, when known. */
  purl?: string;
}
