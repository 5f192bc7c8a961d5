/** The package and vulnerability ids of one finding, as suppression sees them. */
export interface SuppressionFinding {
  /** The finding's alias group: every id it is known by (CVE, GHSA, OSV ids…). */
  readonly ids: readonly string[];
  /** The package's purl, when the inventory has one (needed to match purl types with no OSV ecosystem). */
  readonly purl?: string;
  /** OSV ecosystem (`npm`, `Debian:12`). */
  readonly ecosystem: string;
  /** Package name in the ecosystem's spelling. */
  readonly name: string;
  /** Installed version. */
  readonly version: string;
}
