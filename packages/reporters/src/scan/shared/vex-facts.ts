import {
  type ExtractedPackage,
  type Finding,
  type OsvRecord,
  type ScanReport,
  VEX_JUSTIFICATIONS,
  type VexJustification,
} from "@bulwark/core";
import { purlOf } from "../../inventory/shared/package-facts.ts";
import type { ScanRenderOptions } from "../types.ts";

// Facts about findings that the VEX formats (CycloneDX VDR, OpenVEX, CSAF VEX) all need.

/** The time a VEX document is issued: the caller's clock, else when the scan ran. */
export function vexIssuedAt(report: ScanReport, opts: ScanRenderOptions): Date {
  return opts.now ?? new Date(report.createdAt);
}

/** The osv.dev page of an advisory or alias id. */
export function osvUrl(id: string): string {
  return `https://osv.dev/vulnerability/${encodeURIComponent(id)}`;
}

// Only characters RFC 3986 allows, so schema `uri`/`iri-reference` checks of every format pass;
// records sometimes carry URLs with spaces or braces.
const SAFE_URL = /^https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;

/** Whether a record's URL can be written into a document whose schema checks URI syntax. */
export function isSafeUrl(url: string): boolean {
  return SAFE_URL.test(url) && URL.canParse(url);
}

/** The whole OSV records of a finding's advisories, in the finding's order (missing ones skipped). */
export function recordsOf(report: ScanReport, finding: Finding): OsvRecord[] {
  return finding.advisoryIds.flatMap((id) => {
    const record = report.vulnerabilities[id];
    return record === undefined ? [] : [record];
  });
}

/** Distinct `ADVISORY` reference URLs of the records, in record order, unsafe URLs left out. */
export function advisoryUrls(records: readonly OsvRecord[]): string[] {
  const urls = records.flatMap((r) => (r.references ?? []).filter((ref) => ref.type === "ADVISORY"));
  return [...new Set(urls.map((ref) => ref.url))].filter(isSafeUrl);
}

/** CWE numbers named by the records' `database_specific.cwe_ids` (`CWE-79` → 79), sorted. */
export function cweNumbers(records: readonly OsvRecord[]): number[] {
  const out = new Set<number>();
  for (const r of records) {
    const ids = r.database_specific?.cwe_ids;
    if (!Array.isArray(ids)) continue;
    for (const id of ids) {
      const m = typeof id === "string" ? /^CWE-(\d+)$/.exec(id) : null;
      if (m !== null && Number(m[1]) > 0) out.add(Number(m[1]));
    }
  }
  return [...out].sort((a, b) => a - b);
}

/** The first non-empty `details` of the records. */
export function detailsOf(records: readonly OsvRecord[]): string | undefined {
  return records.map((r) => r.details?.trim()).find((d) => d !== undefined && d !== "");
}

/** The finding's summary, else the first record summary. */
export function summaryOf(finding: Finding, records: readonly OsvRecord[]): string | undefined {
  const candidates = [finding.summary, ...records.map((r) => r.summary)].map((s) => s?.trim());
  return candidates.find((s) => s !== undefined && s !== "");
}

function parsedDates(values: readonly (string | undefined)[]): Date[] {
  return values.flatMap((v) => {
    const d = v === undefined ? undefined : new Date(v);
    return d === undefined || Number.isNaN(d.getTime()) ? [] : [d];
  });
}

/** The earliest `published` and latest `modified` date of the records. */
export function recordDates(records: readonly OsvRecord[]): { published?: Date; updated?: Date } {
  const published = parsedDates(records.map((r) => r.published)).sort((a, b) => a.getTime() - b.getTime())[0];
  const updated = parsedDates(records.map((r) => r.modified)).sort((a, b) => b.getTime() - a.getTime())[0];
  return { ...(published !== undefined && { published }), ...(updated !== undefined && { updated }) };
}

/** `Upgrade django to 1.1 or later.` (with the other fixing versions), or `undefined` when none is known. */
export function fixRecommendation(pkg: ExtractedPackage, finding: Finding): string | undefined {
  const [first, ...others] = finding.fixedVersions;
  if (first === undefined) return undefined;
  const also = others.length === 0 ? "" : ` (also fixed in ${others.join(", ")})`;
  return `Upgrade ${pkg.name} to ${first} or later${also}.`;
}

/** Whether a finding is suppressed, affected, or could not be judged: the VEX status behind every format. */
export type VexState = "not_affected" | "affected" | "under_investigation";

/** The VEX state of a finding: suppressed ones are `not_affected`, undetermined ones `under_investigation`. */
export function vexStateOf(finding: Finding): VexState {
  if (finding.suppressed !== undefined) return "not_affected";
  return finding.status === "undetermined" ? "under_investigation" : "affected";
}

/** The justifications OpenVEX and CSAF (`flags[].label`) share. */
export type { VexJustification };

const JUSTIFICATIONS: ReadonlySet<string> = new Set<string>(VEX_JUSTIFICATIONS);

// CycloneDX justifications in the OpenVEX/CSAF vocabulary, as the CISA "VEX status justifications"
// paper pairs them.
const FROM_CYCLONEDX: Readonly<Record<string, VexJustification>> = {
  code_not_present: "vulnerable_code_not_present",
  code_not_reachable: "vulnerable_code_not_in_execute_path",
  requires_configuration: "vulnerable_code_cannot_be_controlled_by_adversary",
  requires_dependency: "vulnerable_code_cannot_be_controlled_by_adversary",
  requires_environment: "vulnerable_code_cannot_be_controlled_by_adversary",
  protected_by_compiler: "inline_mitigations_already_exist",
  protected_at_runtime: "inline_mitigations_already_exist",
  protected_at_perimeter: "inline_mitigations_already_exist",
  protected_by_mitigating_control: "inline_mitigations_already_exist",
};

/** The suppression's VEX justification in the OpenVEX/CSAF vocabulary, when it has one (CycloneDX ones mapped). */
export function vexJustificationOf(finding: Finding): VexJustification | undefined {
  const j = finding.suppressed?.justification;
  if (j === undefined) return undefined;
  if (JUSTIFICATIONS.has(j)) return j as VexJustification;
  return FROM_CYCLONEDX[j];
}

/** The CycloneDX `analysis.justification` for an OpenVEX/CSAF or CycloneDX justification. */
export function cyclonedxJustificationOf(finding: Finding): string | undefined {
  const j = finding.suppressed?.justification;
  if (j === undefined) return undefined;
  if (j in FROM_CYCLONEDX) return j;
  switch (j) {
    case "component_not_present":
    case "vulnerable_code_not_present":
      return "code_not_present";
    case "vulnerable_code_not_in_execute_path":
      return "code_not_reachable";
    case "vulnerable_code_cannot_be_controlled_by_adversary":
      return "requires_environment";
    case "inline_mitigations_already_exist":
      return "protected_by_mitigating_control";
    default:
      return undefined;
  }
}

/** Why a suppressed finding does not apply, in words: `Suppressed by vex/openvex.json (vex): reason`. */
export function suppressionStatement(finding: Finding): string | undefined {
  const s = finding.suppressed;
  if (s === undefined) return undefined;
  const from = s.source === undefined ? s.kind : `${s.source} (${s.kind})`;
  return `Suppressed by ${from}: ${s.reason}`;
}

/** The package URL, else a stable `bulwark:` IRI built from ecosystem, name and version. */
export function productIri(pkg: ExtractedPackage): string {
  return (
    purlOf(pkg) ??
    `bulwark:package/${encodeURIComponent(pkg.ecosystem)}/${encodeURIComponent(pkg.name)}@${encodeURIComponent(pkg.version)}`
  );
}

/** The findings every VEX format writes: all of them, suppressed ones included (as `not_affected`). */
export function vexFindings(report: ScanReport): readonly Finding[] {
  return report.findings.filter((f) => report.packages[f.packageIndex] !== undefined);
}
