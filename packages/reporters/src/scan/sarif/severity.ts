import type { Finding, FindingSeverity, Severity } from "@bulwark/core";
import { scoreText } from "../shared/machine-findings.ts";

/** SARIF result levels GitHub code scanning accepts for a rule's default. */
export type SarifLevel = "error" | "warning" | "note";

const RANK: Readonly<Record<Severity, number>> = { unknown: 1, none: 0, low: 2, medium: 3, high: 4, critical: 5 };

// A score inside each band GitHub maps `security-severity` onto (critical over 9.0, high 7.0–8.9,
// medium 4.0–6.9, low 0.1–3.9), for findings whose record names a severity but gives no vector.
const BAND_SCORE: Readonly<Partial<Record<Severity, number>>> = { critical: 9.5, high: 8.0, medium: 5.5, low: 2.0 };

/** The level of a finding: high and critical are errors, low and none notes; unknown stays a warning. */
export function levelOf(level: Severity): SarifLevel {
  if (level === "critical" || level === "high") return "error";
  if (level === "low" || level === "none") return "note";
  return "warning";
}

/** The most severe of some findings' severities. */
export function worstSeverity(findings: readonly Finding[]): FindingSeverity {
  let worst: FindingSeverity = { level: "unknown", source: "none" };
  let worstRank = -1;
  for (const f of findings) {
    const rank = RANK[f.severity.level] * 100 + (f.severity.score ?? 0);
    if (rank > worstRank) {
      worst = f.severity;
      worstRank = rank;
    }
  }
  return worst;
}

/**
 * GitHub's `security-severity` (a score > 0.0 up to 10.0, as a string): the CVSS score when there is
 * one, else a score inside the band of the record's own severity; `undefined` for unknown and none.
 */
export function securitySeverity(severity: FindingSeverity): string | undefined {
  if (severity.score !== undefined && severity.score > 0) return scoreText(severity.score);
  const band = BAND_SCORE[severity.level];
  return band === undefined ? undefined : scoreText(band);
}
