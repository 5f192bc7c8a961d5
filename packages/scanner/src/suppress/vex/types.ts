/** The four VEX statuses every supported format is normalised to. */
export type VexStatus = "not_affected" | "affected" | "fixed" | "under_investigation";

/** The VEX formats {@link readVex} understands. */
export type VexFormat = "openvex" | "cyclonedx" | "csaf";

/**
 * One product (or component) a statement is about, with every identifier the document gives for it.
 * Only `purl` takes part in matching; the other fields are kept so reports can say what the statement named.
 */
export interface VexProduct {
  /** The identifier as written: an OpenVEX `@id`, a CycloneDX `bom-ref` / BOM-Link, a CSAF `product_id`. */
  readonly id?: string;
  /** Human name (CSAF `name`, CycloneDX component name). */
  readonly name?: string;
  /** Package URL, from the document's identifiers (qualifiers and subpath kept as written). */
  readonly purl?: string;
  /** CPE 2.2 or 2.3 string, if the document gives one. */
  readonly cpe?: string;
  /**
   * CycloneDX `affects[].versions[].version`: when present the statement covers only these exact versions
   * of the product.
   */
  readonly versions?: readonly string[];
  /**
   * CycloneDX `affects[].versions[].range` (`vers:` ranges). Not evaluated: a product restricted to ranges
   * only never matches, so a range can never suppress more than it says.
   */
  readonly versionRanges?: readonly string[];
  /** OpenVEX `subcomponents`: the components inside the product the statement is really about. */
  readonly subcomponents?: readonly VexProduct[];
}

/** Where a statement came from, for `--show-suppressed` and error messages. */
export interface VexSource {
  /** The document's path as given on the command line. */
  readonly path: string;
  readonly format: VexFormat;
  /**
   * Index of the entry the statement was read from: `statements[i]` for OpenVEX, `vulnerabilities[i]` for
   * CycloneDX and CSAF (a CSAF vulnerability yields one statement per status and justification).
   */
  readonly statementIndex: number;
}

/** One VEX statement in the normalised model shared by OpenVEX, CycloneDX VEX and CSAF VEX. */
export interface VexStatement {
  /** The vulnerability id as written (`CVE-2021-44228`, `GHSA-…`). */
  readonly vulnerability: string;
  /** Other ids the document gives for the same vulnerability. */
  readonly aliases?: readonly string[];
  /** The products the statement is about; a statement with none never suppresses. */
  readonly products: readonly VexProduct[];
  readonly status: VexStatus;
  /** The justification as written (OpenVEX / CycloneDX / CSAF flag label). */
  readonly justification?: string;
  /** Why the product is not affected, in words. */
  readonly impactStatement?: string;
  /** What to do (remediation, recommendation, response). */
  readonly actionStatement?: string;
  /** ISO timestamp of the statement, used to let a newer statement win over an older one. */
  readonly timestamp?: string;
  readonly source: VexSource;
}
