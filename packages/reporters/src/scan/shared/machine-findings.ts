import type { ExtractedPackage, Finding, OsvRecord, PackageRemediation, ScanReport, Severity } from "@bulwark/core";

// Helpers shared by the machine formats (json, sarif): which findings a document carries,
// counts that stay the same whatever is shown, and score text.

/** The findings a machine document carries, in the report's order (most urgent first). */
export function findingsToShow(report: ScanReport, showSuppressed: boolean): readonly Finding[] {
  return showSuppressed ? report.findings : report.findings.filter((f) => f.suppressed === undefined);
}

/** Count of findings per qualitative severity. */
export type SeverityCounts = Record<Severity, number>;

/** Counts over the findings that are not suppressed, so they do not change with `--show-suppressed`. */
export interface FindingCounts {
  /** Packages in the inventory. */
  readonly packages: number;
  /** Packages with at least one finding that is not suppressed. */
  readonly vulnerablePackages: number;
  readonly findings: number;
  readonly bySeverity: SeverityCounts;
  /** Findings whose CVE is in CISA KEV. */
  readonly kev: number;
  /** Findings with at least one fixed version. */
  readonly fixable: number;
  readonly undetermined: number;
  readonly suppressed: number;
}

/** Totals of a report for the machine formats' summaries. */
export function countFindings(report: ScanReport): FindingCounts {
  const bySeverity: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, none: 0, unknown: 0 };
  const vulnerable = new Set<number>();
  let findings = 0;
  let kev = 0;
  let fixable = 0;
  let undetermined = 0;
  let suppressed = 0;
  for (const f of report.findings) {
    if (f.suppressed !== undefined) {
      suppressed++;
      continue;
    }
    findings++;
    vulnerable.add(f.packageIndex);
    bySeverity[f.severity.level]++;
    if (f.kev !== undefined) kev++;
    if (f.fixedVersions.length > 0) fixable++;
    if (f.status === "undetermined") undetermined++;
  }
  return {
    packages: report.packages.length,
    vulnerablePackages: vulnerable.size,
    findings,
    bySeverity,
    kev,
    fixable,
    undetermined,
    suppressed,
  };
}

/** The whole OSV records of a finding's advisories, in the finding's order; ids without a record are skipped. */
export function recordsOf(report: ScanReport, finding: Finding): OsvRecord[] {
  const out: OsvRecord[] = [];
  for (const id of finding.advisoryIds) {
    const record = report.vulnerabilities[id];
    if (record !== undefined) out.push(record);
  }
  return out;
}

/** A CVSS base score as text with one decimal, the way CVSS writes scores (`9.8`, `10.0`). */
export function scoreText(score: number): string {
  return score.toFixed(1);
}

/** The package a finding is about; a finding whose index is out of range is a scanner bug. */
export function packageOf(report: ScanReport, finding: Finding): ExtractedPackage {
  const pkg = report.packages[finding.packageIndex];
  if (pkg === undefined)
    throw new Error(`finding ${finding.id} names package #${finding.packageIndex}, which is missing`);
  return pkg;
}

/** Each package's remediation by package index, looked up once per document. */
export function remediationsByPackage(report: ScanReport): ReadonlyMap<number, PackageRemediation> {
  return new Map(report.remediations.map((r) => [r.packageIndex, r]));
}
