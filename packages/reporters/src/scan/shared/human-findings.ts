import type {
  ExtractedPackage,
  Finding,
  FindingSuppression,
  PackageRemediation,
  ScanReport,
  Severity,
} from "@bulwark/core";
import { cleanText } from "./human-text.ts";

// What the table, markdown and html reports share: which findings go in which section, in which
// order, and the words used for each fact, so the three formats never disagree.

/** Severities from most to least severe, the order of counts and charts. */
export const SEVERITY_ORDER: readonly Severity[] = ["critical", "high", "medium", "low", "none", "unknown"];

/** Rank of a severity, higher is more severe (for sorting). */
export function severityRank(level: Severity): number {
  return SEVERITY_ORDER.length - SEVERITY_ORDER.indexOf(level);
}

/** The findings of one package in one section of a report. */
export interface PackageGroup {
  readonly packageIndex: number;
  readonly pkg: ExtractedPackage;
  /** Most urgent first. */
  readonly findings: readonly Finding[];
  readonly remediation?: PackageRemediation;
}

/** A report split into the sections the human formats show. */
export interface HumanView {
  /** Affected and not suppressed: the vulnerabilities the summary counts. */
  readonly active: readonly PackageGroup[];
  /** Not suppressed, but the version could not be judged. */
  readonly undetermined: readonly PackageGroup[];
  /** Suppressed, whatever their status. */
  readonly suppressed: readonly PackageGroup[];
  readonly counts: {
    readonly packages: number;
    readonly vulnerabilities: number;
    readonly bySeverity: Readonly<Record<Severity, number>>;
    readonly kev: number;
    readonly suppressed: number;
    readonly undetermined: number;
  };
}

/** Most urgent first; severity, then id break ties so the order never depends on input order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    b.priority - a.priority ||
    severityRank(b.severity.level) - severityRank(a.severity.level) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) ||
    a.packageIndex - b.packageIndex
  );
}

/** The findings sorted most urgent first (a copy). */
export function sortedFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/**
 * Findings by package, each package's most urgent first, packages in the order of their most
 * urgent finding: the grouping of the sorted list, but sorting small groups and then one
 * finding per group instead of every finding at once.
 */
function groupByPackage(
  report: ScanReport,
  findings: readonly Finding[],
  remediations: ReadonlyMap<number, PackageRemediation>,
): PackageGroup[] {
  const byPackage = new Map<number, Finding[]>();
  for (const f of findings) {
    const list = byPackage.get(f.packageIndex);
    if (list === undefined) byPackage.set(f.packageIndex, [f]);
    else list.push(f);
  }
  const groups: PackageGroup[] = [];
  for (const [packageIndex, list] of byPackage) {
    list.sort(compareFindings);
    const pkg = report.packages[packageIndex] ?? { ecosystem: "?", name: "?", version: "?", locations: [] };
    const remediation = remediations.get(packageIndex);
    groups.push({ packageIndex, pkg, findings: list, ...(remediation !== undefined && { remediation }) });
  }
  return groups.sort((a, b) => compareFindings(a.findings[0] as Finding, b.findings[0] as Finding));
}

/** The sections and counts of a report. */
export function humanView(report: ScanReport): HumanView {
  const suppressed = report.findings.filter((f) => f.suppressed !== undefined);
  const undetermined = report.findings.filter((f) => f.suppressed === undefined && f.status === "undetermined");
  const active = report.findings.filter((f) => f.suppressed === undefined && f.status === "affected");
  const bySeverity = Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of active) bySeverity[f.severity.level] += 1;
  const remediations = new Map(report.remediations.map((r) => [r.packageIndex, r]));
  return {
    active: groupByPackage(report, active, remediations),
    undetermined: groupByPackage(report, undetermined, remediations),
    suppressed: groupByPackage(report, suppressed, remediations),
    counts: {
      packages: report.packages.length,
      vulnerabilities: active.length,
      bySeverity,
      kev: active.filter((f) => f.kev !== undefined).length,
      suppressed: suppressed.length,
      undetermined: undetermined.length,
    },
  };
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "5 packages scanned, 3 vulnerabilities (1 critical, 1 high, 1 medium), 1 in KEV, 1 suppressed, 1 undetermined". */
export function summaryLine(view: HumanView): string {
  const c = view.counts;
  const scanned = `${plural(c.packages, "package", "packages")} scanned`;
  const tail = `${c.suppressed} suppressed, ${c.undetermined} undetermined`;
  if (c.vulnerabilities === 0) return `${scanned}, no known vulnerabilities, ${tail}`;
  const levels = SEVERITY_ORDER.filter((s) => c.bySeverity[s] > 0).map((s) => `${c.bySeverity[s]} ${s}`);
  return `${scanned}, ${plural(c.vulnerabilities, "vulnerability", "vulnerabilities")} (${levels.join(", ")}), ${c.kev} in KEV, ${tail}`;
}

/** "PyPI django@4.2.1", with the OS source package when it differs from the binary one. */
export function packageLabel(pkg: ExtractedPackage): string {
  const base = `${pkg.ecosystem} ${pkg.name}@${pkg.version}`;
  const source = pkg.sourceName !== undefined && pkg.sourceName !== pkg.name ? ` (source ${pkg.sourceName})` : "";
  return cleanText(base + source);
}

/** "path:line" of the first location, "+N more" when there are others; undefined when there is none. */
export function locationLabel(pkg: ExtractedPackage): string | undefined {
  const first = pkg.locations[0];
  if (first === undefined) return undefined;
  // Line 0 means "no line" for whole-file sources such as package databases.
  const where = first.line !== undefined && first.line > 0 ? `${first.path}:${first.line}` : first.path;
  const more = pkg.locations.length > 1 ? ` (+${pkg.locations.length - 1} more)` : "";
  return cleanText(where + more);
}

/**
 * "upgrade to 2.0.1 (major upgrade!)", "no fix", or undefined when the report has no remediation
 * for the package and its findings name fixed versions (each row's "fixed in" then says it).
 */
export function remediationLabel(group: PackageGroup): string | undefined {
  const r = group.remediation;
  if (r?.fixVersion !== undefined) {
    const major = r.crossesMajor === true ? " (major upgrade!)" : "";
    const partial = r.unfixable.length > 0 ? `; no fix for ${r.unfixable.join(", ")}` : "";
    return cleanText(`upgrade to ${r.fixVersion}${major}${partial}`);
  }
  if (r !== undefined || group.findings.every((f) => f.fixedVersions.length === 0)) return "no fix";
  return undefined;
}

/** "critical 9.8", or just the level when no score was computed. */
export function severityLabel(f: Finding): string {
  return f.severity.score !== undefined ? `${f.severity.level} ${f.severity.score.toFixed(1)}` : f.severity.level;
}

/** EPSS probability as a percentage with enough digits to tell small values apart ("97.0%", "0.04%"). */
export function epssLabel(f: Finding): string | undefined {
  if (f.epss === undefined) return undefined;
  const pct = f.epss.probability * 100;
  return `${pct >= 1 ? pct.toFixed(1) : pct.toFixed(2)}%`;
}

/** The due date when the policy gives one, else its own words ("fix on system upgrade"). */
export function deadlineLabel(f: Finding): string | undefined {
  if (f.deadline === undefined) return undefined;
  return cleanText(f.deadline.dueDate ?? f.deadline.label);
}

/** The fixing versions, smallest first, or undefined when none is known. */
export function fixedLabel(f: Finding): string | undefined {
  return f.fixedVersions.length > 0 ? cleanText(f.fixedVersions.join(", ")) : undefined;
}

/** The first non-blank line of a text, at most 500 characters (details can run to pages). */
function firstNonEmptyLine(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf("\n", start);
    const line = text.slice(start, end < 0 ? Math.min(text.length, start + 500) : Math.min(end, start + 500));
    if (line.trim() !== "") return line;
    if (end < 0) break;
    start = end + 1;
  }
  return undefined;
}

/** The finding's summary, else its first record's summary or first line of details, cleaned; "" when none. */
export function findingSummary(report: ScanReport, f: Finding): string {
  if (f.summary !== undefined && f.summary.trim() !== "") return cleanText(f.summary);
  for (const id of f.advisoryIds) {
    const record = report.vulnerabilities[id];
    if (record?.summary !== undefined && record.summary.trim() !== "") return cleanText(record.summary);
    const firstLine = firstNonEmptyLine(record?.details);
    if (firstLine !== undefined) return cleanText(firstLine);
  }
  return "";
}

/** Why a finding is suppressed: "VEX not_affected (vulnerable_code_not_in_execute_path) in vex/openvex.json". */
export function suppressionLabel(s: FindingSuppression): string {
  const kind = s.kind === "vex" ? "VEX" : s.kind === "config" ? "config" : "package rule";
  const status = s.status !== undefined ? ` ${s.status}` : "";
  const why =
    s.justification !== undefined && s.justification !== s.reason ? `${s.reason}; ${s.justification}` : s.reason;
  const where = s.source !== undefined ? ` in ${s.source}` : "";
  return cleanText(`${kind}${status} (${why})${where}`);
}

/**
 * The osv.dev page of the finding. It points at the first advisory of the group, whose record the
 * report carries, because osv.dev does not have a page for every CVE alias shown as the id.
 */
export function osvUrl(f: Finding): string {
  const id = f.advisoryIds[0] ?? f.id;
  return `https://osv.dev/vulnerability/${encodeURIComponent(id)}`;
}
