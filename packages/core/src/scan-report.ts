import type { ExtractedPackage, ExtractNote, InventorySource } from "./inventory.ts";
import type { OsvRecord } from "./osv.ts";

/** Qualitative severity (CVSS v3/v4 bands); `unknown` when no record gives one. */
export type Severity = "unknown" | "none" | "low" | "medium" | "high" | "critical";

/** The CISA SSVC decision for a finding. */
export type SsvcDecision = "Track" | "Track*" | "Attend" | "Act";

/** How severe a finding is, and where that came from. */
export interface FindingSeverity {
  readonly level: Severity;
  /** The CVSS score used, when a vector was present. */
  readonly score?: number;
  readonly vector?: string;
  /** `2.0`, `3.0`, `3.1`, `4.0`. */
  readonly cvssVersion?: string;
  /** `cvss` (computed from a vector), `advisory` (a textual severity in the record), `none`. */
  readonly source: "cvss" | "advisory" | "none";
}

/** FIRST EPSS for the finding's CVE. */
export interface FindingEpss {
  readonly cve: string;
  readonly probability: number;
  readonly percentile: number;
  readonly date?: string;
}

/** CISA KEV membership of the finding's CVE. */
export interface FindingKev {
  readonly cve: string;
  readonly dateAdded: string;
  readonly dueDate: string;
  readonly knownRansomwareCampaignUse: string;
  readonly requiredAction: string;
}

/** The SSVC decision and the decision points it came from. */
export interface FindingSsvc {
  readonly decision: SsvcDecision;
  readonly exploitation: "none" | "public-poc" | "active";
  readonly automatable: "no" | "yes";
  readonly technicalImpact: "partial" | "total";
  readonly missionWellbeing: "low" | "medium" | "high";
}

/** When the finding must be remediated under a policy (CISA BOD 26-04, BOD 22-01). */
export interface FindingDeadline {
  readonly policy: string;
  /** The policy's own words: `fix on system upgrade`, `14 days`, … */
  readonly label: string;
  readonly days?: number;
  readonly dueDate?: string;
}

/** Why a finding is suppressed. */
export interface FindingSuppression {
  readonly kind: "config" | "package" | "vex";
  readonly reason: string;
  /** The file that suppressed it (bulwark.yaml, a VEX document). */
  readonly source?: string;
  /** VEX status and justification, when a VEX statement suppressed it. */
  readonly status?: string;
  readonly justification?: string;
}

/** One vulnerability (an alias group of advisories) in one package. */
export interface Finding {
  /** The id shown first: a CVE when the group has one, else the first advisory id. */
  readonly id: string;
  /** Ids of the advisories (OSV records) in the group; their records are in {@link ScanReport.vulnerabilities}. */
  readonly advisoryIds: readonly string[];
  /** Every id and alias of the group, sorted. */
  readonly aliases: readonly string[];
  /** Index into {@link ScanReport.packages}. */
  readonly packageIndex: number;
  readonly summary?: string;
  /** `affected`, or `undetermined` when the version or ranges could not be judged. */
  readonly status: "affected" | "undetermined";
  /** Why it is undetermined. */
  readonly reason?: string;
  readonly severity: FindingSeverity;
  readonly epss?: FindingEpss;
  readonly kev?: FindingKev;
  readonly ssvc?: FindingSsvc;
  readonly deadline?: FindingDeadline;
  /** Versions that fix it, in the package's ecosystem order (smallest first). */
  readonly fixedVersions: readonly string[];
  readonly suppressed?: FindingSuppression;
  /** Higher is more urgent; findings are sorted by it. */
  readonly priority: number;
}

/** The smallest upgrade that fixes every finding of one package. */
export interface PackageRemediation {
  readonly packageIndex: number;
  /** The smallest version that fixes every fixable finding, if one exists. */
  readonly fixVersion?: string;
  /** Whether that version has a different major version than the installed one. */
  readonly crossesMajor?: boolean;
  /** Findings with no fixed version. */
  readonly unfixable: readonly string[];
}

/** What `bulwark scan` found: the input to every scan reporter. */
export interface ScanReport {
  readonly tool: { readonly name: string; readonly version: string };
  /** When the scan ran (ISO 8601). */
  readonly createdAt: string;
  readonly sources: readonly InventorySource[];
  readonly packages: readonly ExtractedPackage[];
  /** Sorted by priority, most urgent first; suppressed ones included (with `suppressed`). */
  readonly findings: readonly Finding[];
  /**
   * Whole OSV records of every advisory named by a finding, by id; empty when the scan was
   * asked for no records or for their text only.
   */
  readonly vulnerabilities: Readonly<Record<string, OsvRecord>>;
  /**
   * Reads one of those records as its stored JSON text, when the scan was asked for text: a
   * report that embeds whole records (`json`) fetches them as it writes, so they never all sit
   * in memory at once. Valid while the knowledge base the scan read stays open.
   */
  readonly recordJson?: (id: string) => string | undefined;
  readonly remediations: readonly PackageRemediation[];
  readonly notes: readonly ExtractNote[];
  readonly database: { readonly path: string; readonly lastUpdate?: string; readonly stale: boolean };
}
