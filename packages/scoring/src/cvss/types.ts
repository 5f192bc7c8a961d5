import type { CvssVersion } from "./calculator.ts";

export type { CvssVersion } from "./calculator.ts";

/** The qualitative rating Bulwark reports (lower case, one scale for every source). */
export type Severity = "none" | "low" | "medium" | "high" | "critical";

/** A syntactically valid CVSS vector, split into its metrics. */
export interface CvssVector {
  /** The CVSS version the vector declares (a vector without prefix is v2.0). */
  version: CvssVersion;
  /**
   * The vector in canonical form: the version's own prefix (none for v2.0), metrics in the
   * specification's order, metrics set to "not defined" (`X`, `ND`) left out.
   */
  vector: string;
  /** The base metrics, e.g. `{ AV: "N", AC: "L", ... }` (all of them; the base group is mandatory). */
  metrics: Record<string, string>;
  /** Every other metric the vector sets to a defined value (temporal/threat, environmental, supplemental). */
  extraMetrics: Record<string, string>;
}

/** The CVSS v4.0 nomenclature: which metric groups contributed to the score. */
export type CvssNomenclature = "CVSS-B" | "CVSS-BT" | "CVSS-BE" | "CVSS-BTE";

/** A scored CVSS vector. */
export interface CvssScore extends CvssVector {
  /** v2/v3: the base score. v4: the score of the base metrics alone (CVSS-B). */
  baseScore: number;
  /** v2/v3: the temporal score; v4: CVSS-BT. Present only when the vector sets temporal/threat metrics. */
  temporalScore?: number;
  /** v2/v3: the environmental score; v4: CVSS-BE. Present only when the vector sets environmental metrics. */
  environmentalScore?: number;
  /**
   * The one number to rank by. v4: the score of the whole vector (CVSS-BTE, what the
   * specification calls "the" CVSS v4.0 score). v2/v3: environmental if present, else
   * temporal if present, else base (the most specific score the vector allows).
   */
  score: number;
  /** The qualitative rating of {@link score}. */
  severity: Severity;
  /** v4 only: which metric groups shaped {@link score}. */
  nomenclature?: CvssNomenclature;
}
