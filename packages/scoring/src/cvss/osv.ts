import type { OsvAffected, OsvRecord, OsvSeverity } from "@bulwark/core";
import { scoreCvss } from "./score.ts";
import { compareSeverity, textualSeverity } from "./severity.ts";
import type { CvssScore, CvssVersion, Severity } from "./types.ts";

/** Where a record's severity was read from. */
export type SeveritySource =
  | "severity"
  | "affected[].severity"
  | "affected[].ecosystem_specific.severity"
  | "affected[].database_specific.severity"
  | "database_specific.severity";

/** The severity Bulwark settles on for an OSV record (or a list of OSV severity entries). */
export interface SeverityChoice {
  severity: Severity;
  /** The scored vector, when the severity comes from CVSS. */
  cvss?: CvssScore;
  /** The word the source used (e.g. "MODERATE", Ubuntu's "negligible"), when it did not come from CVSS. */
  label?: string;
  /** The field the value came from; set by {@link recordSeverity}. */
  source?: SeveritySource;
}

const OSV_CVSS_TYPES = new Set(["CVSS_V2", "CVSS_V3", "CVSS_V4"]);
const VERSION_RANK: Record<CvssVersion, number> = { "2.0": 0, "3.0": 1, "3.1": 2, "4.0": 3 };

function isBetterCvss(candidate: CvssScore, current: CvssScore | undefined): boolean {
  if (current === undefined) return true;
  const byVersion = VERSION_RANK[candidate.version] - VERSION_RANK[current.version];
  return byVersion !== 0 ? byVersion > 0 : candidate.score > current.score;
}

/**
 * Picks one severity from OSV `severity[]` entries. CVSS wins: among the vectors that parse,
 * the highest CVSS version (v4.0 > v3.1 > v3.0 > v2.0, read from the vector itself, not the
 * entry's `type`), and within one version the highest score. Without a usable vector, an
 * `Ubuntu` priority is mapped with {@link textualSeverity}. `undefined` when nothing is usable.
 */
export function bestSeverity(entries: readonly OsvSeverity[] | undefined): SeverityChoice | undefined {
  if (!Array.isArray(entries)) return undefined;
  let best: CvssScore | undefined;
  let text: SeverityChoice | undefined;
  for (const entry of entries as readonly unknown[]) {
    if (typeof entry !== "object" || entry === null) continue;
    const { type, score } = entry as Partial<OsvSeverity>;
    if (typeof type !== "string" || typeof score !== "string") continue;
    if (OSV_CVSS_TYPES.has(type)) {
      const scored = scoreCvss(score);
      if (scored !== undefined && isBetterCvss(scored, best)) best = scored;
    } else if (type === "Ubuntu" && text === undefined) {
      const severity = textualSeverity(score);
      if (severity !== undefined) text = { severity, label: score };
    }
  }
  return best !== undefined ? { severity: best.severity, cvss: best } : text;
}

function objectField(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function textChoice(label: unknown, source: SeveritySource): SeverityChoice | undefined {
  const severity = textualSeverity(label);
  return severity === undefined ? undefined : { severity, label: label as string, source };
}

/**
 * The severity of an OSV record, or of one of its `affected[]` entries when `affected` is
 * given (Bitnami puts its vectors there). Order: CVSS vectors from the record's `severity[]`
 * and the affected entries' `severity[]` together (best as in {@link bestSeverity}); then
 * words: `affected[].ecosystem_specific.severity` (OSS-Fuzz), `affected[].database_specific.severity`,
 * the record's `database_specific.severity` (GHSA, Bitnami); then an `Ubuntu` priority.
 * With several affected entries the most severe word wins.
 */
export function recordSeverity(record: OsvRecord, affected?: OsvAffected): SeverityChoice | undefined {
  const affectedList: readonly OsvAffected[] =
    affected !== undefined ? [affected] : Array.isArray(record.affected) ? record.affected : [];

  const top = bestSeverity(record.severity);
  let cvss: SeverityChoice | undefined = top?.cvss !== undefined ? { ...top, source: "severity" } : undefined;
  for (const a of affectedList) {
    const own = bestSeverity(objectField(a, "severity") as OsvSeverity[] | undefined);
    if (own?.cvss !== undefined && (cvss?.cvss === undefined || isBetterCvss(own.cvss, cvss.cvss))) {
      cvss = { ...own, source: "affected[].severity" };
    }
  }
  if (cvss !== undefined) return cvss;

  for (const [key, source] of [
    ["ecosystem_specific", "affected[].ecosystem_specific.severity"],
    ["database_specific", "affected[].database_specific.severity"],
  ] as const) {
    let worst: SeverityChoice | undefined;
    for (const a of affectedList) {
      const choice = textChoice(objectField(objectField(a, key), "severity"), source);
      if (choice !== undefined && (worst === undefined || compareSeverity(choice.severity, worst.severity) > 0)) {
        worst = choice;
      }
    }
    if (worst !== undefined) return worst;
  }
  const recordText = textChoice(objectField(record.database_specific, "severity"), "database_specific.severity");
  if (recordText !== undefined) return recordText;
  if (top !== undefined) return { ...top, source: "severity" };
  for (const a of affectedList) {
    const own = bestSeverity(objectField(a, "severity") as OsvSeverity[] | undefined);
    if (own !== undefined) return { ...own, source: "affected[].severity" };
  }
  return undefined;
}
